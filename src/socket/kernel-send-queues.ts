import { readFileSync } from 'node:fs';

/**
 * Bytes the kernel still holds to send, per TCP connection of a local port: what a viewer that
 * stopped reading leaves in the send queue (megabytes on loopback) before anything shows in the
 * WebSocket's `bufferedAmount`. Keyed by `connectionKey(remoteAddress, remotePort)`. Linux only,
 * from /proc/net/tcp and tcp6 (`tx_queue`); elsewhere, or when they cannot be read, empty.
 */
export function kernelSendQueues(localPort: number, files: readonly string[] = ['/proc/net/tcp', '/proc/net/tcp6']): Map<string, number> {
  const queues = new Map<string, number>();
  const port = `:${localPort.toString(16).toUpperCase().padStart(4, '0')}`;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'latin1');
    } catch {
      continue;
    }
    // "sl local_address rem_address st tx_queue:rx_queue …", one connection a line after the header.
    for (const line of text.split('\n').slice(1)) {
      const [, local, remote, , txRx] = line.trim().split(/\s+/, 5);
      if (!local?.endsWith(port) || !remote || !txRx) continue;
      const bytes = Number.parseInt(txRx.slice(0, txRx.indexOf(':')), 16);
      if (bytes === 0) continue;
      const [hexAddress = '', hexPort = ''] = remote.split(':');
      queues.set(connectionKey(addressFromProc(hexAddress), Number.parseInt(hexPort, 16)), bytes);
    }
  }
  return queues;
}

/** One spelling of a peer for both sides: Node's `remoteAddress` and /proc's hex, normalised by the URL parser. */
export function connectionKey(address: string, port: number): string {
  const normalised = address.includes(':') ? new URL(`http://[${address}]`).hostname : address;
  return `${normalised}|${port}`;
}

/** /proc prints an address as 32-bit words in host order (little-endian here): "0100007F" is 127.0.0.1. */
function addressFromProc(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    for (let i = 6; i >= 0; i -= 2) bytes.push(Number.parseInt(hex.slice(word + i, word + i + 2), 16));
  }
  if (bytes.length === 4) return bytes.join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  return groups.join(':');
}

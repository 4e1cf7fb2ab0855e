import type { IncomingMessage } from 'node:http';
import type { Limits } from '../config/schema';
import { isAllowedOrigin } from '../security/origins';

export interface AdmissionPolicy {
  limits(): Pick<Limits, 'maxConnections' | 'maxConnectionsPerAddress'>;
  allowedOrigins(): readonly string[];
}

export interface Admission {
  /** Socket.IO's `allowRequest`: checked for every new session, polling and WebSocket alike. */
  allowRequest(request: IncomingMessage, answer: (message: string | null | undefined, ok: boolean) => void): void;
  /** Counts an accepted session until it closes. */
  admitted(address: string, onClose: (listener: () => void) => void): void;
  /** Open sessions, for /metrics. */
  readonly connections: number;
}

/**
 * Who may open a session: a page from an allowed origin (Socket.IO's `cors` option does not
 * stop a WebSocket, so the Origin is checked here), within the connection caps in total and
 * per address. The reason for a refusal goes back in the handshake's 403.
 */
export function createAdmission(policy: AdmissionPolicy): Admission {
  const perAddress = new Map<string, number>();
  let total = 0;
  return {
    allowRequest(request, answer) {
      const { origin, host } = request.headers;
      if (!isAllowedOrigin(origin, host, policy.allowedOrigins())) return answer(`origin ${JSON.stringify(origin?.slice(0, 100))} is not allowed (server.allowedOrigins)`, false);
      const limits = policy.limits();
      if (total >= limits.maxConnections) return answer(`the server is at its limit of ${limits.maxConnections} connections`, false);
      const address = request.socket.remoteAddress ?? '';
      if ((perAddress.get(address) ?? 0) >= limits.maxConnectionsPerAddress) {
        return answer(`this address is at its limit of ${limits.maxConnectionsPerAddress} connections`, false);
      }
      answer(null, true);
    },
    admitted(address, onClose) {
      total += 1;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
      onClose(() => {
        total -= 1;
        const left = (perAddress.get(address) ?? 1) - 1;
        if (left > 0) perAddress.set(address, left);
        else perAddress.delete(address);
      });
    },
    get connections() {
      return total;
    },
  };
}

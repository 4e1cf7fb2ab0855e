import { Decoder, Encoder, PacketType, protocol } from 'socket.io-parser';

/**
 * socket.io's parser, refusing binary packets. Livewall's protocol has none; accepted, a packet
 * that announces ten attachments makes the server hold every attachment that arrives until the
 * last one does, which a hostile client never sends. A binary packet, or a buffer, is a parse
 * error, and socket.io closes that connection at once.
 */
class JsonOnlyDecoder extends Decoder {
  override add(data: unknown): void {
    if (typeof data !== 'string') throw new Error('binary payloads are not accepted');
    const type = data.charCodeAt(0) - 48;
    if (type === PacketType.BINARY_EVENT || type === PacketType.BINARY_ACK) throw new Error('binary packets are not accepted');
    super.add(data);
  }
}

/** Pass as Socket.IO's `parser` option. */
export const jsonOnlyParser = { protocol, PacketType, Encoder, Decoder: JsonOnlyDecoder };

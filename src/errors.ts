import type { ErrorCode } from './protocol/error-codes';

export { ERROR_CODES, type ErrorCode } from './protocol/error-codes';

/** An error that carries a stable code (see `protocol/error-codes.ts`), for logs, exit messages, HTTP bodies and acks. */
export class LivewallError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LivewallError';
    this.code = code;
  }
}

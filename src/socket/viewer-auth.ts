import type { Config } from '../config/schema';
import { scopeOfToken } from '../security/viewer-tokens';
import { ERROR_CODES } from '../protocol';
import type { LivewallServer } from './types';

/**
 * With `server.viewerTokens`, a socket must present one in its handshake's `auth`
 * (`{ token }`); it then sees only what that token covers. Without them, every socket sees
 * everything. A refusal reaches the client as a `connect_error` whose message starts with
 * `LIVEWALL_ERR_UNAUTHORIZED`.
 */
export function requireViewerTokens(io: LivewallServer, config: () => Config): void {
  io.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const scope = scopeOfToken(config(), typeof auth?.token === 'string' ? auth.token : undefined);
    if (!scope) {
      next(new Error(`${ERROR_CODES.UNAUTHORIZED}: this wall needs a viewer token (server.viewerTokens)`));
      return;
    }
    socket.data.scope = scope;
    next();
  });
}

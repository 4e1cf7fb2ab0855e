import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol';
import type { ViewerScope } from '../security/viewer-tokens';

/** What the server keeps on each socket (`socket.data`), set when it connects. */
export interface SocketData {
  /** What its viewer token lets it see. */
  scope: ViewerScope;
}

/** The typed Socket.IO server: a misspelt event or a wrong payload is a compile error. */
export type LivewallServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type LivewallSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol';
import type { ViewerScope } from '../security/viewer-tokens';
import type { InterServerEvents } from '../cluster/inter-node';

/** What the server keeps on each socket (`socket.data`), set when it connects. */
export interface SocketData {
  /** What its viewer token lets it see. */
  scope: ViewerScope;
}

/** The typed Socket.IO server: a misspelt event or a wrong payload is a compile error. */
export type LivewallServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type LivewallSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

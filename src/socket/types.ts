import type { Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../protocol';

/** The typed Socket.IO server: a misspelt event or a wrong payload is a compile error. */
export type LivewallServer = Server<ClientToServerEvents, ServerToClientEvents>;
export type LivewallSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export * from './protocol.js';
export { startServer, type ServerOptions } from './server.js';
export { ServerState } from './state.js';

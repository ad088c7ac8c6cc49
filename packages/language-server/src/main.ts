// The program behind bin/rapport-language-server.js (and the bundles made from it): reads the
// transport from the command line, then serves. LSP over --stdio (neovim, emacs, most editors)
// or --node-ipc (VS Code); --socket=PORT and --pipe=NAME work as well.
import { createConnection, ProposedFeatures, type MessageReader } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { CoalescingWriter } from './transport.js';

export function main(args: readonly string[]): void {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write('Usage: rapport-language-server --stdio | --node-ipc | --socket=PORT | --pipe=NAME\n');
    process.exit(0);
  }
  if (args.includes('--version')) {
    process.stdout.write('0.1.0\n');
    process.exit(0);
  }
  if (!args.some((a) => a === '--stdio' || a === '--node-ipc' || a.startsWith('--socket') || a.startsWith('--pipe') || a.startsWith('--clientProcessId'))) {
    process.stderr.write('rapport-language-server: choose a transport: --stdio or --node-ipc (see --help)\n');
    process.exit(2);
  }
  // Never die on a stray error: log it (stderr is not the protocol channel) and keep serving.
  const log = (e: unknown) => process.stderr.write(`rapport-language-server: ${e instanceof Error && e.stack ? e.stack : String(e)}\n`);
  process.on('uncaughtException', log);
  process.on('unhandledRejection', log);
  if (args.includes('--stdio')) {
    // stdout is the protocol channel: anything a library prints goes to stderr instead.
    for (const k of ['log', 'info', 'debug', 'warn', 'trace', 'dir'] as const) console[k] = console.error;
    // stdin stays a stream (the library then exits when it closes); replies go through the
    // coalescing writer (transport.ts). The library accepts a stream and a writer together.
    const input = process.stdin as unknown as MessageReader;
    startServer(createConnection(ProposedFeatures.all, input, new CoalescingWriter(process.stdout)));
  } else startServer();
}


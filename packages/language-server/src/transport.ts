/**
 * How messages leave the server over a stream (--stdio). JSON-RPC framing only: no LSP types.
 *
 * vscode-jsonrpc's stream writer sends one message per turn of the event loop (its write lock
 * hands over with setImmediate) in two writes each; a first start of a 10,000-note workspace
 * publishes ~5,600 notes' diagnostics at once, which took ~0.25–0.4 s of ping-pong with the
 * client. This writer frames every message sent within one synchronous stretch of code and writes
 * them together, in order, with one write.
 */
import { AbstractMessageWriter, type Message, type MessageWriter } from 'vscode-languageserver/node';

export class CoalescingWriter extends AbstractMessageWriter implements MessageWriter {
  /** Framed messages (header, body, header, body, ...) waiting for the flush. */
  private pending: string[] = [];
  private waiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];
  private scheduled = false;
  private errors = 0;

  constructor(private readonly out: NodeJS.WritableStream) {
    super();
    out.on('error', (e: Error) => this.fireError(e));
    out.on('close', () => this.fireClose());
  }

  write(msg: Message): Promise<void> {
    let body: string;
    try {
      body = JSON.stringify(msg);
    } catch (e) {
      this.fireError(e as Error, msg, ++this.errors);
      return Promise.reject(e);
    }
    // The header counts bytes; the text is encoded once, for the whole batch.
    this.pending.push(`Content-Length: ${Buffer.byteLength(body, 'utf8')}\r\n\r\n`, body);
    return new Promise<void>((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After the code that is sending finishes (a loop publishing many notes), before any I/O.
        queueMicrotask(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    const data = this.pending.join('');
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      this.out.write(data, 'utf8', (e?: Error | null) => {
        if (e) {
          this.fireError(e, undefined, ++this.errors);
          for (const w of waiters) w.reject(e);
        } else for (const w of waiters) w.resolve();
      });
    } catch (e) {
      this.fireError(e as Error, undefined, ++this.errors);
      for (const w of waiters) w.reject(e);
    }
  }

  end(): void {
    this.out.end();
  }
}

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

/** Message params whose JSON text is already known (see `withJson`). */
const knownJson = new WeakMap<object, string>();

/**
 * Marks `params` as having the JSON text `json` (which must be what JSON.stringify(params) gives):
 * the coalescing writer then writes that text instead of serialising the object. Any other
 * writer serialises the object as usual, so `params` must stand for the same value (e.g. with
 * getters that parse `json`).
 */
export function withJson<T extends object>(params: T, json: string): T {
  knownJson.set(params, json);
  return params;
}

/**
 * The same JSON value written in ASCII only: every other character (UTF-16 unit) as a \uXXXX
 * escape, which any JSON reader turns back into the same string. Stored texts kept this way
 * stay one-byte strings in V8 when read back (a single '—' made a whole 4 MB file two-byte: twice
 * the memory, slower to decode, parse and encode again for writing).
 */
export function asciiJson(json: string): string {
  return NON_ASCII.test(json) ? json.replace(NON_ASCII_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;

/** The JSON text of a message: its params' known text when they have one, else JSON.stringify's. */
function bodyOf(msg: Message): string {
  const m = msg as { jsonrpc?: unknown; method?: unknown; params?: unknown };
  const known = m.params !== null && typeof m.params === 'object' ? knownJson.get(m.params) : undefined;
  if (known === undefined) return JSON.stringify(msg);
  // Exactly the keys JSON.stringify would write, in its order; anything else goes the usual way.
  const keys = Object.keys(msg);
  if (keys.length !== 3 || keys[0] !== 'jsonrpc' || keys[1] !== 'method' || keys[2] !== 'params' || typeof m.jsonrpc !== 'string' || typeof m.method !== 'string') {
    return JSON.stringify(msg);
  }
  return `{"jsonrpc":${JSON.stringify(m.jsonrpc)},"method":${JSON.stringify(m.method)},"params":${known}}`;
}

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
      body = bodyOf(msg);
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

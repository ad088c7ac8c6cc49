import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { asciiJson, CoalescingWriter, withJson } from './transport.js';

function check(send: (w: CoalescingWriter) => Promise<unknown>) {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  const realWrite = out.write.bind(out);
  let writes = 0;
  out.write = ((chunk: unknown, ...rest: unknown[]) => {
    writes++;
    chunks.push(Buffer.from(chunk as string, 'utf8'));
    return (realWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof out.write;
  const received: Message[] = [];
  const reader = new StreamMessageReader(out);
  reader.listen((m) => received.push(m));
  const w = new CoalescingWriter(out);
  return send(w).then(async () => {
    await new Promise((r) => setImmediate(r));
    return { writes: () => writes, received, bytes: Buffer.concat(chunks) };
  });
}

describe('CoalescingWriter (--stdio)', () => {
  it('writes the messages sent in one stretch with one write, in order, framed by byte length', async () => {
    const msgs = Array.from({ length: 50 }, (_, i) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: `file:///n${i}.md`, diagnostics: [{ message: `Thank-you — café ${i} 🙂` }] } }));
    const r = await check((w) => Promise.all(msgs.map((m) => w.write(m as Message))));
    expect(r.writes()).toBe(1);
    expect(r.received).toEqual(msgs);
    expect(r.bytes.toString('utf8').startsWith(`Content-Length: ${Buffer.byteLength(JSON.stringify(msgs[0]))}\r\n\r\n{`)).toBe(true);
  });

  it('writes again for messages sent later, and a message that cannot be serialised fails alone', async () => {
    const cyclic: Record<string, unknown> = { jsonrpc: '2.0', method: 'x' };
    cyclic.params = cyclic;
    const r = await check(async (w) => {
      await w.write({ jsonrpc: '2.0', method: 'a' } as Message);
      await expect(w.write(cyclic as unknown as Message)).rejects.toThrow();
      await w.write({ jsonrpc: '2.0', method: 'b' } as Message);
    });
    expect(r.writes()).toBe(2);
    expect(r.received.map((m) => (m as { method: string }).method)).toEqual(['a', 'b']);
  });

  it('writes params with a known JSON text as that text: the same bytes as the object would give', async () => {
    const diagnostics = [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } }, severity: 2, code: 'overdue', source: 'rapport', message: 'Thank-you — café "x" \\ 🙂' }];
    const plain = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///n%C3%A9.md', diagnostics } };
    const text = JSON.stringify(plain.params);
    const known = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: withJson({ uri: 'file:///n%C3%A9.md', diagnostics: 'not serialised' }, text) };
    const a = await check((w) => w.write(plain as Message));
    const b = await check((w) => w.write(known as unknown as Message));
    expect(b.bytes.equals(a.bytes)).toBe(true);
    expect(b.received).toEqual([plain]);
    // A message with other keys than jsonrpc, method and params is serialised as an object.
    const other = { jsonrpc: '2.0', id: 1, method: 'x', params: withJson({ a: 1 }, '{"a":2}') };
    expect((await check((w) => w.write(other as unknown as Message))).received).toEqual([{ jsonrpc: '2.0', id: 1, method: 'x', params: { a: 1 } }]);
  });
});

describe('asciiJson', () => {
  it('writes the same JSON value with ASCII characters only', () => {
    const values = [[{ message: 'Thank-you — café 🙂 "q" \\ \u2028 \u0000 \ud800 end', n: 1 }], [], 'plain ascii', ['\u007f\u0080\uffff']];
    for (const v of values) {
      const json = asciiJson(JSON.stringify(v));
      expect(/^[\x00-\x7f]*$/.test(json)).toBe(true);
      expect(JSON.parse(json)).toEqual(v);
    }
    expect(asciiJson('["a"]')).toBe('["a"]');
  });
});

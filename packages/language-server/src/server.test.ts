import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { StreamMessageReader, type Message } from 'vscode-languageserver/node';
import { recalledParams } from './server.js';
import { CoalescingWriter } from './transport.js';

describe('recalledParams (a warm start publishes stored JSON)', () => {
  const json = '[{"range":{"start":{"line":2,"character":0},"end":{"line":2,"character":9}},"severity":2,"code":"overdue","source":"rapport","message":"Overdue \\u2014 \\"CV\\""}]';
  const uri = 'file:///w/people/ana%20b.md';

  it('is the same message for the coalescing writer (stored text) and for any writer that serialises objects', async () => {
    const params = recalledParams({ uri, json });
    const expected = { uri, diagnostics: JSON.parse(json) };
    // Another transport (e.g. --node-ipc) serialises the object: the diagnostics are parsed from the text.
    expect(JSON.parse(JSON.stringify(params))).toEqual(expected);
    // The coalescing writer (--stdio) writes the stored text itself.
    const out = new PassThrough();
    const received: Message[] = [];
    new StreamMessageReader(out).listen((m) => received.push(m));
    let written = '';
    out.on('data', (d: Buffer) => (written += d.toString('utf8')));
    await new CoalescingWriter(out).write({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params } as Message);
    await new Promise((r) => setImmediate(r));
    expect(written.endsWith(`"params":{"uri":"file:///w/people/ana%20b.md","diagnostics":${json}}}`)).toBe(true);
    expect(received).toEqual([{ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: expected }]);
  });
});

describe('snippetAsText (completion for clients without snippet support)', () => {
  it('gives placeholders for tab stops, their mirrors, and escaped characters as they are', async () => {
    const { snippetAsText } = await import('./server.js');
    expect(snippetAsText('name: "${1:name}"\n# $1 costs \\$5 \\} \\\\ ${2:role}$0')).toBe('name: "name"\n# name costs $5 } \\ role');
  });
});

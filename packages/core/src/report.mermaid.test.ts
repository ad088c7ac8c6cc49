// @vitest-environment jsdom
/**
 * The Mermaid block of the report is read by Mermaid's own parser (mermaid needs a DOM to
 * sanitize labels, hence jsdom): what GitHub and VS Code's preview will draw.
 */
import { describe, expect, it } from 'vitest';
import mermaidLib from 'mermaid';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { mermaid, reportGraph, reportMarkdown } from './report.js';

const TODAY = parseDate('2026-11-25')!;

async function check(source: string): Promise<string> {
  const { ws } = await loadFixture(source);
  const md = reportMarkdown(ws.analysis(), TODAY);
  const m = /```mermaid\n([\s\S]*?)\n```/.exec(md);
  expect(m, 'a mermaid block').not.toBeNull();
  expect(m![1]).toBe(mermaid(reportGraph(ws.analysis(), 30)));
  return m![1]!;
}

describe('the Mermaid graph', () => {
  it('parses as a flowchart, with every entity shape, edge kind and awkward names', async () => {
    const text = await check(`
      //- people/evil.md
      ---
      name: 'Dr. "Q" <b>Bold</b> & #hash; [x] {y} (z) | a;b'
      organization: "[[Acme]]"
      met_at: "[[Gala]]"
      introduced_by: "[[Ann]]"
      ---
      Mentions [[Prog]].
      //- people/ann.md
      //- organizations/acme.md
      ---
      parent: "[[Acme Group]]"
      ---
      //- organizations/acme-group.md
      //- events/gala.md
      //- programs/prog.md
      ---
      contacts: ["[[Ann]]"]
      ---
    `);
    await expect(mermaidLib.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    // The parser is strict enough to catch an unescaped quote.
    await expect(mermaidLib.parse('graph LR\n  n0["a"b"]')).rejects.toThrow(/Parse error/);
  });

  it('parses for an empty network too', async () => {
    const text = await check('//- notes.md\nNothing.\n');
    await expect(mermaidLib.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
  });
});

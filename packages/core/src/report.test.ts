import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { loadFixture } from './testing.js';
import { parseDate } from './dates.js';
import { MemoryFileSystem } from './fs.js';
import { Workspace } from './workspace.js';
import { mdText, mermaid, mermaidLabel, renderReport, reportGraph, reportMarkdown } from './report.js';

const TODAY = parseDate('2026-11-25')!;
const EXAMPLE = new URL('../../../examples/residency-network/', import.meta.url).pathname;

/** The example network, read from disk into memory (core tests stay off the real file system API). */
async function example(): Promise<Workspace> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else files[relative(EXAMPLE, p).split('\\').join('/')] = readFileSync(p, 'utf8');
    }
  };
  walk(EXAMPLE);
  return Workspace.load(new MemoryFileSystem(files));
}

/** Renders the report of a fixture as Markdown. */
async function check(source: string, graphNodes = 30): Promise<string> {
  const { ws } = await loadFixture(source);
  return reportMarkdown(ws.analysis(), TODAY, { graphNodes });
}

/** The lines of one `## ` section. */
function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}\n`);
  expect(start, `section ${title}`).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', start + 3);
  return md.slice(start, end < 0 ? undefined : end);
}

describe('report on the example network (today pinned to 2026-11-25)', () => {
  it('matches the Markdown snapshot', async () => {
    const ws = await example();
    const md = renderReport(ws.analysis(), TODAY, { graphNodes: 25 });
    await expect(md).toMatchFileSnapshot('./__snapshots__/residency-network.report.md');
  });

  it('matches the HTML snapshot', async () => {
    const ws = await example();
    const html = renderReport(ws.analysis(), TODAY, { format: 'html', graphNodes: 25 });
    await expect(html).toMatchFileSnapshot('./__snapshots__/residency-network.report.html');
  });

  it('carries the expected agenda of the example README (5 overdue, 1 today, 6 upcoming) from the engine', async () => {
    const ws = await example();
    const md = reportMarkdown(ws.analysis(), TODAY);
    const agenda = section(md, 'Follow-up agenda');
    expect(agenda).toContain('### Overdue (5)');
    expect(agenda).toContain('### Due today (1)');
    expect(agenda).toContain('### Upcoming (6)');
    const ids = ws.analysis().followUps(TODAY).filter((f) => f.status !== 'later').map((f) => f.text);
    for (const text of ids) expect(agenda).toContain(mdText(text));
    expect(section(md, 'People past their cadence')).toContain('| Ruth Adler | 2026-04-02 | 6 months | 237 |');
    expect(section(md, 'Events')).toMatch(/### NPS Annual Meeting 2026\n\n2026-05-16 to 2026-05-20 · Boston, MA · attended[\s\S]*Met there: Imani Brooks, Lena Okafor/);
  });
});

describe('report sections', () => {
  it('says which mentor kinds nobody covers, and who covers the others with when you last spoke', async () => {
    const md = await check(`
      //- people/ana.md
      ---
      name: Ana
      mentor: [clinical, research]
      last_contact: 2026-09-01
      ---
      //- people/ben.md
      ---
      name: Ben
      mentor: [clinical]
      ---
    `);
    const mix = section(md, 'Mentor mix');
    expect(mix).toContain('| clinical | Ana (2026-09-01), Ben (never) |');
    expect(mix).toContain('| research | Ana (2026-09-01) |');
    expect(mix).toContain('| career | **nobody yet** |');
    expect(mix).toContain('- No career mentor yet: nobody in your notes covers career mentoring.');
    expect(mix).toContain('- No near-peer mentor yet');
    expect(mix).not.toContain('No clinical mentor');
  });

  it('groups programs by stage with the people you know there and the warmest path in', async () => {
    const md = await check(`
      //- programs/p.md
      ---
      name: Hilltop Psychiatry
      stage: target
      organization: "[[Hilltop Hospital]]"
      deadline: 2026-12-01
      ---
      //- organizations/hilltop-hospital.md
      ---
      name: Hilltop Hospital
      ---
      //- people/res.md
      ---
      name: Resident Rae
      organization: "[[Hilltop Hospital]]"
      last_contact: 2026-11-01
      ---
      //- people/unknown.md
      ---
      name: Never Met
      organization: "[[Hilltop Hospital]]"
      ---
      //- programs/q.md
      ---
      name: Lonely Program
      stage: applied
      ---
    `);
    const programs = section(md, 'Programs by stage');
    expect(programs.indexOf('### Target (1)')).toBeLessThan(programs.indexOf('### Applied (1)'));
    expect(programs).toContain('- **Hilltop Psychiatry** — deadline 2026-12-01');
    expect(programs).toContain('  - People you know there: Resident Rae (last contact 2026-11-01)');
    expect(programs).not.toContain('Never Met');
    expect(programs).toContain('  - Warmest path in: Resident Rae (last contact 2026-11-01) → via works-at → Hilltop Hospital → via part-of → Hilltop Psychiatry');
    expect(programs).toMatch(/Lonely Program\*\*\n {2}- People you know there: nobody yet\n {2}- Warmest path in: none found in your notes/);
  });

  it('lists people past their cadence, and those with none after 180 days, not the snoozed', async () => {
    const md = await check(`
      //- people/a.md
      ---
      name: Cadenced
      cadence: 1 month
      last_contact: 2026-09-01
      ---
      //- people/b.md
      ---
      name: Quiet Long
      last_contact: 2026-05-01
      ---
      //- people/c.md
      ---
      name: Quiet Short
      last_contact: 2026-08-01
      ---
      //- people/d.md
      ---
      name: Snoozed
      last_contact: 2025-01-01
      snooze_until: 2027-01-01
      ---
    `);
    const late = section(md, 'People past their cadence');
    expect(late).toContain('| Quiet Long | 2026-05-01 | none (180 days) | 208 |');
    expect(late).toContain('| Cadenced | 2026-09-01 | 1 month | 85 |');
    expect(late.indexOf('Quiet Long')).toBeLessThan(late.indexOf('Cadenced'));
    expect(late).not.toContain('Quiet Short');
    expect(late).not.toContain('Snoozed');
  });

  it('says so when a section is empty', async () => {
    const md = await check(`
      //- notes.md
      Nothing here.
    `);
    expect(md).toContain('Nothing is due. You are all caught up.');
    expect(md).toContain('No program notes yet.');
    expect(md).toContain('No event notes yet.');
    expect(md).toContain('Nobody: everyone is within their cadence');
  });

  it('escapes note text so it shows as written in Markdown, Mermaid and HTML', async () => {
    const source = `
      //- people/evil.md
      ---
      name: "<script>alert(1)</script> | *Bold* [x](y) \\"q\\" #1"
      role: a|b
      mentor: [career]
      last_contact: 2026-11-01
      organization: "[[Acme]]"
      ---
      //- organizations/acme.md
    `;
    const { ws } = await loadFixture(source);
    const md = reportMarkdown(ws.analysis(), TODAY);
    expect(md).not.toContain('<script>');
    expect(md).toContain('\\<script\\>alert(1)\\</script\\> \\| \\*Bold\\* \\[x\\](y)');
    const graph = md.slice(md.indexOf('```mermaid'));
    expect(graph).toContain('#60;script#62;alert(1)#60;/script#62; | *Bold* [x](y) #34;q#34; #35;1');
    const html = renderReport(ws.analysis(), TODAY, { format: 'html' });
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script> | *Bold* [x](y) "q" #1');
    expect(html).toMatch(/^<!doctype html><html lang="en"><head><meta charset="utf-8">/);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).not.toMatch(/(src|href)="https?:/);
  });
});

describe('graph', () => {
  it('keeps the N most connected entities and only the edges between them', async () => {
    const { ws } = await loadFixture(`
      //- organizations/hub.md
      //- people/a.md
      ---
      organization: "[[hub]]"
      ---
      //- people/b.md
      ---
      organization: "[[hub]]"
      introduced_by: "[[a]]"
      ---
      //- people/c.md
      ---
      organization: "[[hub]]"
      ---
      //- people/loner.md
    `);
    const g = reportGraph(ws.analysis(), 3);
    // hub has 3 links; a and b have 2 each (tie broken by id); c has 1.
    expect(g.nodes.map((n) => n.id)).toEqual(['hub', 'a', 'b']);
    expect(g.total).toBe(5);
    expect(g.edges).toEqual([
      { from: 'a', to: 'hub', kind: 'works-at' },
      { from: 'b', to: 'hub', kind: 'works-at' },
      { from: 'b', to: 'a', kind: 'introduced-by' },
    ]);
    expect(mermaid(g).split('\n').slice(0, 7)).toEqual([
      'graph LR',
      '  n0["hub"]:::organization',
      '  n1(["a"]):::person',
      '  n2(["b"]):::person',
      '  n1 -- works-at --> n0',
      '  n2 -- works-at --> n0',
      '  n2 -- introduced-by --> n1',
    ]);
    const md = reportMarkdown(ws.analysis(), TODAY, { graphNodes: 3 });
    expect(md).toContain('The 3 most connected of 5 entities.');
    expect(reportMarkdown(ws.analysis(), TODAY, { graphNodes: 10 })).toContain('All 5 entities.');
  });

  it('draws the same SVG for the same notes', async () => {
    const ws = await example();
    const one = renderReport(ws.analysis(), TODAY, { format: 'html', graphNodes: 12 });
    const two = renderReport((await example()).analysis(), TODAY, { format: 'html', graphNodes: 12 });
    expect(one).toBe(two);
    expect(one.match(/<g class="node /g)).toHaveLength(12);
  });

  it('writes labels Mermaid cannot misread', () => {
    expect(mermaidLabel('A "B" <c> & #d\n e')).toBe('A #34;B#34; #60;c#62; #38; #35;d e');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startClient, type TestClient } from './client.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples/residency-network');

function readTree(dir: string, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const abs = path.join(dir, name);
    if (statSync(abs).isDirectory()) Object.assign(out, readTree(abs, `${prefix}${name}/`));
    else out[`${prefix}${name}`] = readFileSync(abs, 'utf8');
  }
  return out;
}

describe('language server on the example residency network', () => {
  let c: TestClient;
  beforeAll(async () => {
    c = await startClient(readTree(EXAMPLE));
  });
  afterAll(async () => {
    await c.stop();
  });

  it('serves the README agenda: 5 overdue, 1 due today, 6 upcoming', async () => {
    await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length > 0);
    const fu = (await c.conn.sendRequest('rapport/followUps', {})) as { groups: { status: string; items: { kind: string; entityId?: string; due: string }[] }[] };
    expect(fu.groups.map((g) => [g.status, g.items.map((i) => `${i.kind}:${i.entityId}:${i.due}`)])).toEqual([
      ['overdue', ['cadence:ruth-adler:2026-10-02', 'task:hannah-cho:2026-11-18', 'task:lakeshore-psychiatry:2026-11-20', 'task:owen-mitchell:2026-11-22', 'thank-you:kevin-brandt:2026-11-23']],
      ['due-today', ['next-action:marcus-bell:2026-11-25']],
      ['upcoming', ['task:grace-lin:2026-11-27', 'cadence:jonah-feldman:2026-11-28', 'next-action:diane-mercer:2026-11-29', 'task:lena-okafor:2026-11-30', 'deadline:northfield-psychiatry:2026-11-30', 'task:beatriz-santos:2026-12-01']],
    ]);
  });

  it('publishes the overdue thank-you on an unopened note and the one placeholder link', async () => {
    const kevin = await c.waitForDiagnostics('people/kevin-brandt.md', (d) => d.length > 0);
    expect(kevin.find((d) => d.code === 'overdue')!.message).toMatch(/^Thank-you to .*Kevin Brandt overdue by 2 days — met 2026-11-20$/);
    const journal = await c.waitForDiagnostics('journal/2026-11-21.md', (d) => d.some((x) => x.code === 'broken-link'));
    expect(journal.filter((d) => d.code === 'broken-link').map((d) => d.message)).toEqual([expect.stringContaining('Priya Raman')]);
    // Templates are not notes: no diagnostics for their {{name}} skeletons.
    expect(c.diagnostics.has(c.uri('templates/person.md'))).toBe(false);
  });
});

/**
 * Memory that must not grow while a note is edited. Tables that outlive a note's version (the
 * link-resolution memo, the name-key table) once kept strings that V8 makes views into the note's
 * whole text: every distinct name typed into a 55 KB note kept that version of the note alive,
 * ~55 KB each (found while measuring edits in a large open note). Measured in a child process
 * with the collector exposed, after full collections: a size, not a time.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const CORE = pathToFileURL(join(ROOT, 'packages', 'core', 'dist', 'index.js')).href;

/** Heap in use (MB) after full collections, once the note was set and checked, and after `edits` more edits. */
function heapGrowth(edits: number, nonAscii: boolean): number {
  const script = `
    const core = await import(${JSON.stringify(CORE)});
    const ws = new core.Workspace();
    const today = core.parseDate('2026-11-25');
    ws.set('people/ana.md', '---\\nname: Ana Ruiz\\n---\\n');
    const name = ${nonAscii ? "'Zoë Ünal'" : "'Nobody Bench'"};
    const base = '# Log\\n\\n' + Array.from({ length: 500 }, (_, i) => '- 2026-01-' + String(1 + (i % 28)).padStart(2, '0') + ' Call with [[Ana Ruiz]] about the next steps, entry ' + i + '.').join('\\n') + '\\n';
    const used = () => { globalThis.gc(); globalThis.gc(); return process.memoryUsage().heapUsed; };
    ws.set('journal/log.md', base);
    ws.analysis().diagnostics(today);
    const before = used();
    for (let i = 0; i < ${edits}; i++) {
      // A new name each time, as when a name is typed letter by letter.
      ws.set('journal/log.md', base + '- 2026-11-24 Asked [[' + name + ' ' + i + ']]\\n');
      ws.analysis().diagnostics(today);
    }
    process.stdout.write(String((used() - before) / 1048576));
  `;
  const r = spawnSync(process.execPath, ['--expose-gc', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
  expect(r.stderr).toBe('');
  return Number(r.stdout);
}

describe('memory while a large note is edited', () => {
  it('does not keep a copy of the note for every distinct name typed into it (ASCII and accented names)', () => {
    // 200 versions of a ~40 KB note kept alive would be ~8 MB (twice that for two-byte text).
    for (const nonAscii of [false, true]) expect(heapGrowth(200, nonAscii)).toBeLessThan(2);
  }, 120_000);
});

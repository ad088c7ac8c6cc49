/**
 * Every CLI write stays inside the workspace: `..`, absolute paths and symlinks that lead out,
 * whether they come from the command line, from note content (names, templates) or from imports.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { insideRoot } from '@rapport/node';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'packages', 'cli', 'bin', 'rapport.js');
const run = (args: string[], cwd: string) => spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });

/** A sandbox: `outside/` next to the workspace `ws/`, so escapes are visible. */
function sandbox() {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'rapport-writes-')));
  const ws = join(base, 'ws');
  const outside = join(base, 'outside');
  mkdirSync(join(ws, 'people'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(ws, 'rapport.yaml'), 'today: 2026-06-01\n');
  writeFileSync(join(ws, 'people', 'jane-smith.md'), '---\ntype: person\nname: Jane Smith\n---\n');
  return { base, ws, outside };
}

/** Every file under a folder, recursively (symlinks not followed). */
function listAll(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listAll(p));
    else out.push(p);
  }
  return out.sort();
}

describe('insideRoot', () => {
  const { ws, outside } = sandbox();
  symlinkSync(outside, join(ws, 'linked-out'));
  mkdirSync(join(ws, 'real-in'));
  symlinkSync(join(ws, 'real-in'), join(ws, 'linked-in'));

  it.each(['../x.md', 'people/../../x.md', '..', '.', '', '/etc/passwd', 'C:\\Windows\\x.md', 'c:x.md', 'people/../../../../etc/x.md'])('refuses %j', (rel) => {
    expect(() => insideRoot(ws, rel)).toThrow(/refusing/);
  });

  it.each(['linked-out/x.md', 'linked-out/deeper/new/x.md'])('refuses %j, where a symlink leads outside', (rel) => {
    expect(() => insideRoot(ws, rel)).toThrow(/symlink/);
  });

  it.each(['people/x.md', 'new-folder/sub/x.md', 'people/../notes/x.md', 'linked-in/x.md', '..hidden.md'.replace('..', 'x.')])('accepts %j', (rel) => {
    expect(insideRoot(ws, rel).startsWith(ws)).toBe(true);
  });
});

describe('CLI writes never leave the workspace', () => {
  it('new: names with .., slashes or absolute paths make a file inside people/, or are refused', () => {
    for (const name of ['../../outside/evil', '/tmp/rapport-abs-evil', '..', 'a/../../../b', '..\\..\\evil', 'C:\\evil']) {
      const { ws, outside, base } = sandbox();
      const before = listAll(base);
      const r = run(['new', 'person', name, '--dir', ws], ws);
      expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      const created = listAll(base).filter((f) => !before.includes(f));
      for (const f of created) expect(f.startsWith(join(ws, 'people')), `${name} -> ${f}`).toBe(true);
      expect(listAll(outside)).toEqual([]);
      expect(existsSync('/tmp/rapport-abs-evil.md')).toBe(false);
    }
  });

  it('new: a people/ folder that is a symlink to elsewhere is refused', () => {
    const { ws, outside, base } = sandbox();
    const ws2 = join(base, 'ws2');
    mkdirSync(ws2);
    writeFileSync(join(ws2, 'rapport.yaml'), 'today: 2026-06-01\n');
    symlinkSync(outside, join(ws2, 'people'));
    const r = run(['new', 'person', 'Jane Doe', '--dir', ws2], ws2);
    expect(r.status).not.toBe(0);
    expect(r.stderr + r.stdout).toMatch(/refusing|outside/i);
    expect(listAll(outside)).toEqual([]);
    void ws;
  });

  it('new: a templates folder outside the workspace (from rapport.yaml) is not used', () => {
    const { ws, outside } = sandbox();
    writeFileSync(join(outside, 'person.md'), '---\ntype: person\nname: "{{name}}"\nstolen: yes\n---\n');
    writeFileSync(join(ws, 'rapport.yaml'), `today: 2026-06-01\ntemplates: ../outside\n`);
    const r = run(['new', 'person', 'Kim Lee', '--dir', ws], ws);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    for (const f of listAll(ws)) expect(f.endsWith('.md') ? readFileSync(f, 'utf8') : '').not.toContain('stolen');
    const check = run(['check', ws], ws);
    expect(check.stdout).toMatch(/rapport\.yaml:2:\d+: error invalid-value templates must be a folder inside the workspace/);
  });

  it('import: contact names with .., slashes and absolute paths become files inside the workspace', () => {
    const { ws, outside, base } = sandbox();
    const vcf = join(base, 'contacts.vcf');
    const card = (fn: string) => `BEGIN:VCARD\r\nVERSION:4.0\r\nFN:${fn}\r\nEND:VCARD\r\n`;
    writeFileSync(vcf, ['../../outside/evil', '/tmp/rapport-abs-evil', '..', 'a/../../b', 'people/../../../x'].map(card).join(''));
    const before = listAll(base);
    const r = run(['import', 'vcf', vcf, ws], ws);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const created = listAll(base).filter((f) => !before.includes(f));
    expect(created.length).toBeGreaterThan(0);
    for (const f of created) expect(f.startsWith(ws + '/'), f).toBe(true);
    expect(listAll(outside)).toEqual([]);
    expect(existsSync('/tmp/rapport-abs-evil.md')).toBe(false);
  });

  it('log: writes only into the note it resolved, and refuses a note that is a symlink out of the workspace', () => {
    const { ws, outside } = sandbox();
    writeFileSync(join(outside, 'secret.md'), '---\ntype: person\nname: Outsider\n---\n');
    mkdirSync(join(ws, 'linked'));
    symlinkSync(outside, join(ws, 'linked', 'out'));
    const r = run(['log', 'Jane Smith', 'Coffee', '--dir', ws], ws);
    expect(r.status).toBe(0);
    expect(readFileSync(join(ws, 'people', 'jane-smith.md'), 'utf8')).toContain('- 2026-06-01 Coffee');
    expect(readFileSync(join(outside, 'secret.md'), 'utf8')).toBe('---\ntype: person\nname: Outsider\n---\n');
  });
});

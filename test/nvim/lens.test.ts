import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const server = path.resolve(here, '../../packages/language-server/bin/rapport-language-server.js');
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe('neovim runs the person code lens', () => {
  it('clicks the lens, answers the server\'s question, and gets the log entry in the buffer', () => {
    // Never skipped: without nvim this fails and says how to get it (.ci/run installs it).
    if (!hasNvim) throw new Error('nvim is not installed: apt-get install -y neovim (Debian 0.7.2), or run .ci/run');
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'rapport-nvim-lens-')));
    try {
      mkdirSync(path.join(root, 'people'));
      writeFileSync(path.join(root, 'rapport.yaml'), 'today: 2026-11-25\n');
      const file = path.join(root, 'people', 'kevin-brandt.md');
      writeFileSync(file, '---\ntype: person\nname: Dr. Kevin Brandt\nmet: 2026-11-20\n---\n\n# Dr. Kevin Brandt\n\n## Log\n');
      const r = spawnSync('timeout', ['60', 'nvim', '--headless', '--clean', '-n', '-i', 'NONE', '-u', 'NONE', '-c', `luafile ${path.join(here, 'lens.lua')}`], {
        encoding: 'utf8',
        timeout: 90_000,
        env: { ...process.env, RAPPORT_SERVER: server, RAPPORT_ROOT: root, RAPPORT_FILE: file },
      });
      const out = `${r.stdout}\n${r.stderr}`;
      expect(r.status, out).toBe(0);
      expect(r.stdout).toContain('LENS No contact logged · next: thank-you overdue 2 d -> rapport.personActions');
      expect(r.stdout).toContain('ASKED Dr. Kevin Brandt — No contact logged. thank-you overdue 2 d: Send a thank-you to Dr. Kevin Brandt (met 2026-11-20).');
      expect(r.stdout).toContain('ACTIONS Log contact today (2026-11-25) | Snooze reminders 1 week');
      expect(r.stdout).toContain('LINE - 2026-11-25 Contact');
      expect(r.stdout).toContain('OK lens command ran');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

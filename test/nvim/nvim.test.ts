import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
const hasNvim = spawnSync('nvim', ['--version'], { encoding: 'utf8' }).status === 0;

describe('neovim as a client of the language server', () => {
  it('opens a note headlessly and receives its overdue diagnostic', () => {
    // Never skipped: without nvim this fails and says how to get it (.ci/run installs it).
    if (!hasNvim) throw new Error('nvim is not installed: apt-get install -y neovim (Debian 0.7.2), or run .ci/run');
    const r = spawnSync('bash', [path.join(here, 'run.sh')], { encoding: 'utf8', timeout: 90_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.status, out).toBe(0);
    expect(r.stdout).toContain('DIAG 4 2 Thank-you to Dr. Kevin Brandt overdue by 2 days — met 2026-11-20');
    expect(r.stdout).toContain('HOVER **Riverside Medical Center** · organization');
    expect(r.stdout).toContain('OK overdue diagnostic received');
  });
});

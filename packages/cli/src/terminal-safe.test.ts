/**
 * Names and lines from notes cannot drive the terminal (found by the blind CLI hunt: a name with
 * ESC ] 52 (write the clipboard), BEL and ESC [ 2J (clear the screen) reached the terminal raw
 * from `rapport due` and `rapport check`). Human-readable output shows them in caret notation;
 * machine formats are unchanged (JSON escapes them itself).
 */
import { describe, expect, it } from 'vitest';
import { terminalSafe } from './index.js';
import { fixtureWorkspace, run } from './test-helpers.js';

const EVIL = 'Evil\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u009b1A Person';

describe('terminal-safe output', () => {
  it('terminalSafe keeps text, tabs, line breaks and colours, and shows other controls in caret notation', () => {
    expect(terminalSafe('plain — ünï 🧠\tx\r\n')).toBe('plain — ünï 🧠\tx\r\n');
    expect(terminalSafe('\u001b[31mred\u001b[0m')).toBe('\u001b[31mred\u001b[0m');
    expect(terminalSafe(EVIL)).toBe('Evil^[]52;c;cHduZWQ=^G^[[2J\uFFFD1A Person');
  });

  it('due and check print no control sequence from a note; --json keeps the name as it is', () => {
    const dir = fixtureWorkspace(`
      //- rapport.yaml
      today: 2026-03-10
      //- people/evil.md
      ---
      name: "${EVIL.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"
      met: 2026-03-01
      ---
    `);
    for (const args of [['due'], ['check'], ['query']]) {
      const r = run(args, { cwd: dir });
      expect(r.stdout, args.join(' ')).toContain('Evil^[]52;c;cHduZWQ=^G^[[2J');
      expect(r.stdout + r.stderr, args.join(' ')).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/);
    }
    const json = JSON.parse(run(['due', '--json'], { cwd: dir }).stdout) as { followUps: { name: string }[] };
    expect(json.followUps[0]!.name).toBe(EVIL);
  });

  it('machine formats are made safe too when they go to a terminal', async () => {
    const { main } = await import('./index.js');
    const dir = fixtureWorkspace(`
      //- rapport.yaml
      today: 2026-03-10
      //- people/evil.md
      ---
      name: "Evil\\u001b[2J Person"
      ---
    `);
    for (const isTTY of [true, false]) {
      let out = '';
      const code = await main(['export', 'csv', dir], { out: (s) => void (out += s), err: () => {}, isTTY });
      expect(code).toBe(0);
      expect(out.includes('\u001b[2J'), `isTTY ${isTTY}`).toBe(!isTTY);
    }
  });
});

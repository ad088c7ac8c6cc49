import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type Io } from './index.js';
import { fixtureWorkspace, run } from './test-helpers.js';

/** One error (a bad date), one warning (a broken link), one hint (an upcoming follow-up). */
const NOTES = `
  //- rapport.yaml
  today: 2026-11-25
  //- people/ann.md
  ---
  name: Ann Lee
  met: 2026-02-30
  ---
  See [[Nobody Here]].
  //- people/bo.md
  ---
  name: Bo Chen
  follow_up: 2026-11-28
  next_action: Send the 100% final, checked CV
  ---
`;

/** Runs `rapport check` on a folder; parses JSON output when asked for. */
function check(dir: string, ...args: string[]) {
  const r = run(['check', dir, ...args]);
  return { ...r, json: args.includes('--json') || args.join(' ').includes('--format json') ? JSON.parse(r.stdout) : undefined };
}

describe('rapport check', () => {
  it('text: compiler-style lines, a summary, exit 1 when there is an error', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = check(dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      "people/ann.md:3:6: error invalid-date met must be a real calendar date as YYYY-MM-DD, not '2026-02-30'.",
      "people/ann.md:5:7: warning broken-link No note named 'Nobody Here' yet: create it, or fix the link.",
      'people/bo.md:3:12: hint upcoming Next action for Bo Chen due in 3 days: Send the 100% final, checked CV — due 2026-11-28',
      '2 notes checked: 1 error, 1 warning',
      '',
    ]);
    expect(r.stderr).toBe('');
  });

  it('json: exactly the contract of the foundation issue; --json is --format json', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = check(dir, '--json');
    expect(r.code).toBe(1);
    expect(Object.keys(r.json)).toEqual(['diagnostics', 'summary']);
    expect(r.json.summary).toEqual({ files: 2, errors: 1, warnings: 1 });
    expect(r.json.diagnostics[0]).toEqual({
      file: 'people/ann.md', line: 3, column: 6, endLine: 3, endColumn: 16,
      severity: 'error', code: 'invalid-date', message: "met must be a real calendar date as YYYY-MM-DD, not '2026-02-30'.",
    });
    expect(r.json.diagnostics.map((d: { code: string }) => d.code)).toEqual(['invalid-date', 'broken-link', 'upcoming']);
    expect(check(dir, '--format', 'json').stdout).toBe(r.stdout);
  });

  it('reports rapport.yaml\'s own problems at the levels notes get: an unknown key is off unless the config asks for it', () => {
    const codes = (yaml: string) => {
      const r = check(fixtureWorkspace(`
        //- rapport.yaml
        ${yaml.split('\n').join('\n        ')}
        //- people/bo.md
        ---
        name: Bo Chen
        ---
      `), '--json');
      return r.json.diagnostics.filter((d: { file: string }) => d.file === 'rapport.yaml').map((d: { code: string; severity: string }) => `${d.code}:${d.severity}`);
    };
    // NOTE-FORMAT: unknown-field [hint, off by default]; invalid-value [error].
    expect(codes('today: 2026-11-25\ncolour: blue')).toEqual([]);
    expect(codes('today: 2026-11-25\ncolour: blue\nseverity:\n  unknown-field: warning')).toEqual(['unknown-field:warning']);
    expect(codes('today: 2026-11-25\nupcoming: soon')).toEqual(['invalid-value:error']);
    expect(codes('today: 2026-11-25\nupcoming: soon\nseverity:\n  invalid-value: warning')).toEqual(['invalid-value:warning']);
  });

  it('exits 0 when nothing is an error, even with warnings', () => {
    const dir = fixtureWorkspace(`
      //- people/ann.md
      See [[Nobody Here]].
    `);
    expect(check(dir)).toMatchObject({ code: 0, stdout: expect.stringContaining('1 note checked: 0 errors, 1 warning') });
  });

  it('github: one workflow annotation per problem, paths from the current folder, values escaped', () => {
    const dir = fixtureWorkspace(NOTES);
    const r = run(['check', path.basename(dir), '--format', 'github'], { cwd: path.dirname(dir) });
    const base = path.basename(dir);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')).toEqual([
      `::error file=${base}/people/ann.md,line=3,col=6,endLine=3,endColumn=16,title=rapport invalid-date::met must be a real calendar date as YYYY-MM-DD, not '2026-02-30'.`,
      `::warning file=${base}/people/ann.md,line=5,col=7,endLine=5,endColumn=18,title=rapport broken-link::No note named 'Nobody Here' yet: create it, or fix the link.`,
      `::notice file=${base}/people/bo.md,line=3,col=12,endLine=3,endColumn=22,title=rapport upcoming::Next action for Bo Chen due in 3 days: Send the 100%25 final, checked CV — due 2026-11-28`,
      '2 notes checked: 1 error, 1 warning',
      '',
    ]);
  });

  it('github: commas and colons in file names are escaped in the file property', () => {
    const dir = fixtureWorkspace(`
      //- people/a,b:c.md
      [[Missing]]
    `);
    const r = run(['check', '--format', 'github'], { cwd: dir });
    expect(r.stdout).toContain('::warning file=people/a%2Cb%3Ac.md,line=1,col=3,');
  });

  it('--max-warnings N: exit 1 when the warnings are more than N', () => {
    const dir = fixtureWorkspace(`
      //- people/ann.md
      [[Missing One]] and [[Missing Two]]
    `);
    expect(check(dir, '--max-warnings', '2').code).toBe(0);
    const r = check(dir, '--max-warnings', '1');
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rapport: 2 warnings, more than --max-warnings 1.\n');
    expect(check(dir, '--max-warnings', '0', '--json').code).toBe(1);
  });

  it('--severity: only problems at least that severe, and the summary counts what is shown', () => {
    const dir = fixtureWorkspace(NOTES);
    const errorsOnly = check(dir, '--severity', 'error', '--json');
    expect(errorsOnly.json.diagnostics.map((d: { code: string }) => d.code)).toEqual(['invalid-date']);
    expect(errorsOnly.json.summary).toEqual({ files: 2, errors: 1, warnings: 0 });
    expect(check(dir, '--severity', 'warning', '--json').json.diagnostics).toHaveLength(2);
    expect(check(dir, '--severity', 'hint', '--json').json.diagnostics).toHaveLength(3);
    // Hiding warnings also means they are not counted against --max-warnings.
    expect(check(dir, '--severity', 'error', '--max-warnings', '0').stderr).toBe('');
  });

  it('never colours output that is not a terminal', () => {
    const dir = fixtureWorkspace(NOTES);
    expect(check(dir).stdout).not.toContain('\u001b[');
  });
});

describe('colour', () => {
  /** Runs main() in this process with a pretend terminal. */
  async function inTerminal(args: string[], noColor: string | undefined): Promise<string> {
    let out = '';
    const io: Io = { out: (s) => (out += s), err: (s) => (out += s), isTTY: true };
    const saved = process.env.NO_COLOR;
    const savedTerm = process.env.TERM;
    if (noColor === undefined) delete process.env.NO_COLOR;
    else process.env.NO_COLOR = noColor;
    process.env.TERM = 'xterm';
    try {
      await main(args, io);
    } finally {
      if (saved === undefined) delete process.env.NO_COLOR;
      else process.env.NO_COLOR = saved;
      if (savedTerm === undefined) delete process.env.TERM;
      else process.env.TERM = savedTerm;
    }
    return out;
  }

  it('colours severities on a terminal, and never with NO_COLOR', async () => {
    const dir = fixtureWorkspace(NOTES);
    expect(await inTerminal(['check', dir], undefined)).toContain('\u001b[31merror\u001b[0m');
    expect(await inTerminal(['check', dir], '1')).not.toContain('\u001b[');
    expect(await inTerminal(['due', dir], '1')).not.toContain('\u001b[');
    expect(await inTerminal(['due', dir], undefined)).toContain('\u001b[1m');
  });
});

describe('rapport check and its result cache (.rapport/cache)', () => {
  it('answers the same with a cached answer, without one and with the cache off, and sees every edit', async () => {
    const { writeFileSync, existsSync, readFileSync } = await import('node:fs');
    // Answers are cached by the bundled program only (it carries a build id): it must be current.
    const { freshBundle } = await import('@rapport/node/fresh-bundle');
    expect(freshBundle(new URL('../dist/bundle/rapport.cjs', import.meta.url)), 'packages/cli/dist/bundle is older than the compiled code: run pnpm build').toBeDefined();
    const dir = fixtureWorkspace(NOTES);
    const off = { RAPPORT_CACHE: '0' };
    const first = run(['check', dir, '--format', 'json']);
    expect(existsSync(path.join(dir, '.rapport', 'cache', 'result-check.json'))).toBe(true);
    const second = run(['check', dir, '--format', 'json']);
    const uncached = run(['check', dir, '--format', 'json'], { env: off });
    expect(second).toEqual(first);
    expect(uncached).toEqual(first);
    expect(JSON.parse(first.stdout).summary).toEqual({ files: 2, errors: 1, warnings: 1 });
    for (const format of ['text', 'github']) {
      expect(run(['check', dir, '--format', format])).toEqual(run(['check', dir, '--format', format], { env: off }));
    }
    // Fix the bad date: the next run sees it at once.
    const ann = path.join(dir, 'people', 'ann.md');
    writeFileSync(ann, readFileSync(ann, 'utf8').replace('2026-02-30', '2026-02-28'));
    const fixed = run(['check', dir, '--format', 'json']);
    expect(JSON.parse(fixed.stdout).summary.errors).toBe(0);
    expect(fixed).toEqual(run(['check', dir, '--format', 'json'], { env: off }));
    // Another day is another question (the follow-up hint turns into an overdue warning).
    const later = run(['check', dir, '--format', 'json', '--today', '2026-12-05']);
    expect(later).toEqual(run(['check', dir, '--format', 'json', '--today', '2026-12-05'], { env: off }));
    expect(later.stdout).not.toBe(fixed.stdout);
    expect(run(['check', dir, '--format', 'json'])).toEqual(fixed);
  });
});

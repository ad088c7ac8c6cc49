import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BIN, fixtureWorkspace, hasStackTrace, run, tempWorkspace } from './test-helpers.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const OWN_COMMANDS = ['due', 'check', 'query', 'new', 'log'];

/** Runs a command that must fail as a usage error: exit 2, a `rapport:` line, the usage, no trace. */
function checkUsageError(args: string[], message: RegExp, cwd?: string) {
  const r = run(args, cwd ? { cwd } : {});
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines[0]).toMatch(/^rapport: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).toMatch(/^Usage: rapport /m);
  expect(hasStackTrace(r.stderr)).toBe(false);
  return r;
}

describe('help and version', () => {
  it('--version and -v print the package version', () => {
    for (const flag of ['--version', '-v']) {
      const r = run([flag]);
      expect([r.code, r.stdout]).toEqual([0, `${pkg.version}\n`]);
    }
  });

  it('--help lists every command and the exit codes', () => {
    const r = run(['--help']);
    expect(r.code).toBe(0);
    for (const c of OWN_COMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${c} `, 'm'));
    expect(r.stdout).toContain('Exit codes: 0 fine, 1 problems found or refused, 2 usage or I/O error.');
    expect(run(['help']).stdout).toBe(r.stdout);
  });

  it.each([
    ['due', ['--within', '--all', '--entity', '--kind', '--json', '--dir', '--today']],
    ['check', ['--format', '--json', '--max-warnings', '--severity', '--dir', '--today']],
    ['query', ['--type', '--tag', '--where', '--fields', '--json', '--dir']],
    ['new', ['--template', '--org', '--tag', '--date', '--list', '--dir']],
    ['log', ['--date', '--dir', '--today']],
  ])('%s --help shows its usage, every flag and examples', (cmd, flags) => {
    const r = run([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: rapport ${cmd} `));
    for (const f of flags) expect(r.stdout).toContain(f);
    expect(r.stdout).toContain('Examples:');
    expect(run(['help', cmd]).stdout).toBe(r.stdout);
  });

  it('with no command, shows the help on stderr and exits 2', () => {
    const r = run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: rapport [options] [command]');
  });
});

describe('usage errors exit 2 with one line and the usage, never a stack trace', () => {
  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['due', '--bogus'], /unknown option '--bogus'/],
    [['due', '--today', 'someday'], /'someday' is not a date/],
    [['due', '--today', '2026-02-30'], /'2026-02-30' is not a date/],
    [['due', '--within', 'soon'], /'soon' is not a duration/],
    [['due', '--kind', 'lunch'], /Allowed choices are task, next-action, cadence, thank-you, deadline/],
    [['check', '--format', 'xml'], /Allowed choices are text, json, github/],
    [['check', '--severity', 'loud'], /Allowed choices are error, warning, information, hint/],
    [['check', '--max-warnings', '-1'], /'-1' is not a whole number|unknown option '-1'/],
    [['check', '--max-warnings', 'many'], /'many' is not a whole number/],
    [['check', '--json', '--format', 'github'], /--json and --format github disagree/],
    [['query', '--type', 'robot'], /'robot' is not a type/],
    [['query', '--where', 'met<soon'], /compares dates/],
    [['query', '--where', '=x'], /is not a condition/],
    [['new'], /say what to create/],
    [['new', 'person'], /give a name/],
    [['new', 'robot', 'Ann'], /'robot' is neither a kind of note/],
    [['new', 'person', 'Ann', '--template', 'nope'], /no template named 'nope'/],
    [['new', 'person', 'Ann', '--date', 'tomorrow'], /'tomorrow' is not a date/],
    [['log', 'Ann'], /missing required argument 'what'/],
    [['log', 'Ann', 'hello', '--date', '2026-13-01'], /'2026-13-01' is not a date/],
    [['due', 'a', 'b'], /too many arguments/],
  ])('rapport %j', (args, message) => {
    checkUsageError(args, message, tempWorkspace());
  });

  it('a folder that does not exist is one line, exit 2', () => {
    const r = run(['due', '/nonexistent/rapport-folder']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('rapport: no such folder: /nonexistent/rapport-folder\n');
  });

  it('a folder given both as DIR and --dir must be the same folder', () => {
    const a = tempWorkspace();
    const b = tempWorkspace();
    checkUsageError(['due', a, '--dir', b], /give the folder once/);
    expect(run(['due', a, '--dir', a]).code).toBe(0);
  });
});

describe('every command takes --dir; due, check and query also take the folder first', () => {
  const dir = fixtureWorkspace(`
    //- rapport.yaml
    today: 2026-11-25
    //- people/ann.md
    ---
    name: Ann Lee
    follow_up: 2026-11-24
    next_action: Call Ann
    ---
  `);

  it.each([
    [['due', '--json']],
    [['check', '--json']],
    [['query', '--json']],
  ])('%j: positional and --dir give the same output', (args) => {
    const positional = run([args[0]!, dir, ...args.slice(1)]);
    const flag = run([...args, '--dir', dir]);
    const cwd = run(args, { cwd: dir });
    expect(positional.stdout).toContain('ann');
    expect(flag).toEqual(positional);
    expect(cwd).toEqual(positional);
  });

  it('new and log take --dir', () => {
    const w = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n' });
    expect(run(['new', 'person', 'Bo Chen', '--dir', w])).toMatchObject({ code: 0, stdout: 'people/bo-chen.md\n' });
    expect(run(['log', 'Bo Chen', 'Met for coffee', '--dir', w])).toMatchObject({ code: 0 });
  });
});

describe('pipes', () => {
  it('a reader that stops early (| head -1) gets no stack trace', () => {
    const dir = tempWorkspace();
    // `new --list` writes line by line, so the later lines meet a closed pipe.
    for (let i = 0; i < 3; i++) {
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" new --list --dir "${dir}" | head -1`], { encoding: 'utf8' });
      expect(r.stdout).toMatch(/^event +event +events\/ +A conference/);
      expect(r.stderr).toBe('');
    }
  });
});

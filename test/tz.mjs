#!/usr/bin/env node
/**
 * Runs the date-dependent tests under several time zones and fails unless every run passes with
 * the same results. Dates in notes carry no zone, so nothing may change with the machine's TZ:
 * Kiritimati is UTC+14, Los Angeles is behind UTC, Kolkata and Lord Howe have half-hour offsets
 * (Lord Howe's DST shift is half an hour too).
 *
 * Usage: node test/tz.mjs [extra vitest filters...]   (build first: pnpm run build)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ZONES = ['UTC', 'America/Los_Angeles', 'Pacific/Kiritimati', 'Asia/Kolkata', 'Australia/Lord_Howe'];

/** Test files whose results depend on dates, "today" or the clock. */
const DATE_TESTS = [
  'packages/core/src/dates.test.ts',
  'packages/core/src/followups.test.ts',
  'packages/core/src/workspace.test.ts',
  'packages/core/src/edits.test.ts',
  'packages/core/src/query.test.ts',
  'packages/core/src/report.test.ts',
  'packages/language-server/src/state.test.ts',
  'packages/cli/src/due.test.ts',
  'packages/cli/src/log.test.ts',
  'examples/scripts/scripts.test.ts',
  'test/hardening/dates.test.ts',
  'test/property/edits.property.test.ts',
];

const filters = [...DATE_TESTS.filter((f) => existsSync(join(ROOT, f))), ...process.argv.slice(2)];
const out = mkdtempSync(join(tmpdir(), 'rapport-tz-'));
const vitest = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const results = new Map();
let failed = false;

for (const zone of ZONES) {
  const file = join(out, `${zone.replace(/\//g, '_')}.json`);
  process.stdout.write(`TZ=${zone} ... `);
  const r = spawnSync(process.execPath, [vitest, 'run', ...filters, '--reporter=json', `--outputFile=${file}`], {
    cwd: ROOT,
    env: { ...process.env, TZ: zone },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!existsSync(file)) {
    failed = true;
    console.log(`no results (exit ${r.status})\n${r.stderr.slice(-4000)}`);
    continue;
  }
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const tests = new Map();
  for (const f of json.testResults) {
    for (const a of f.assertionResults) tests.set(`${f.name.slice(ROOT.length + 1)} > ${a.fullName}`, a.status);
  }
  results.set(zone, tests);
  const bad = [...tests].filter(([, s]) => s !== 'passed');
  console.log(`${json.numPassedTests} passed, ${json.numFailedTests} failed, ${json.numPendingTests + json.numTodoTests} skipped (exit ${r.status})`);
  for (const [name, status] of bad) console.log(`  ${status}: ${name}`);
  if (r.status !== 0 || bad.length > 0 || tests.size === 0) failed = true;
}

// Identical results: the same tests, with the same outcome, in every zone.
const [first, ...rest] = [...results];
for (const [zone, tests] of rest) {
  const base = first[1];
  const differ = [...new Set([...base.keys(), ...tests.keys()])].filter((k) => base.get(k) !== tests.get(k));
  if (differ.length > 0) {
    failed = true;
    console.log(`TZ=${zone} differs from TZ=${first[0]} in ${differ.length} test(s):`);
    for (const k of differ.slice(0, 20)) console.log(`  ${k}: ${base.get(k)} vs ${tests.get(k)}`);
  }
}
rmSync(out, { recursive: true, force: true });
console.log(failed ? 'test:tz FAILED' : `test:tz passed in ${ZONES.length} time zones with identical results`);
process.exit(failed ? 1 : 0);

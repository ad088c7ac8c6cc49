// Picks the edit for the latency measurement: a journal note and a person such that adding
// `- 2026-11-24 Call with [[person]]` to the journal changes the person's own diagnostics.
import * as path from 'node:path';
import { openWorkspace, todayFor } from '@rapport/node';

const dir = path.resolve(process.argv[2]);
const { workspace } = await openWorkspace(dir, { cache: false });
const today = todayFor(workspace);
const a = workspace.analysis();
const journal = [...workspace.notes.keys()].find((p) => p.startsWith('journal/'));
const diagsOf = (an, p) => JSON.stringify(an.diagnostics(today, p).map((d) => [d.code, d.message]));
for (const e of a.entities) {
  if (e.type !== 'person') continue;
  const before = diagsOf(a, e.path);
  if (!before.includes('cadence') && !before.includes('Thank-you')) continue;
  const j = workspace.get(journal);
  workspace.set(journal, `${j.text}\n- 2026-11-24 Call with [[${e.id}]]\n`);
  const changed = diagsOf(workspace.analysis(), e.path) !== before;
  workspace.set(journal, j.text);
  if (changed) {
    process.stdout.write(`${JSON.stringify({ journal, person: e.path })}\n`);
    process.exit(0);
  }
}
process.stderr.write('no target found\n');
process.exit(1);

// Baseline (a): the floor. Reads and decodes every note, nothing else, the fastest way Node
// offers for many small files: synchronous reads (an async readFile per note costs ~4x more here,
// in thread-pool round trips, and would flatter every ratio against this floor).
import { readFileSync } from 'node:fs';
import { markdownFiles } from './walk.mjs';

const files = markdownFiles(process.argv[2]);
let chars = 0;
for (const f of files) chars += readFileSync(f, 'utf8').length;
process.stdout.write(`${files.length} files, ${chars} chars\n`);

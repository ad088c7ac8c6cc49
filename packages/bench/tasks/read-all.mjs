// Baseline (a): the floor. Reads and decodes every note, nothing else.
import { promises as fsp } from 'node:fs';
import { markdownFiles } from './walk.mjs';

const files = markdownFiles(process.argv[2]);
let chars = 0;
const texts = await Promise.all(files.map((f) => fsp.readFile(f, 'utf8')));
for (const t of texts) chars += t.length;
process.stdout.write(`${files.length} files, ${chars} chars\n`);

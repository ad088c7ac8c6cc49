#!/usr/bin/env node
import { main } from '../dist/index.js';

// `rapport due | head` closes the pipe early: that is not an error worth a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`rapport: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 2;
  },
);

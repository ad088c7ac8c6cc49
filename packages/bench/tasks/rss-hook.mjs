// Preloaded into every measured process: reports its peak resident set size on exit.
import { writeSync } from 'node:fs';
process.on('exit', () => {
  try {
    writeSync(2, `\n@@RSS_KB ${process.resourceUsage().maxRSS}\n`);
  } catch {
    /* stderr closed */
  }
});

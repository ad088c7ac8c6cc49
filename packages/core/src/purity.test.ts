import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The core must stay pure: IO comes in through the FileSystem interface, editors through adapters.
describe('packages/core purity', () => {
  it('imports no file system, process, editor or LSP module', () => {
    const dir = new URL('.', import.meta.url).pathname;
    const offenders: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        const p = join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name)) {
          const src = readFileSync(p, 'utf8');
          const re = /(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g;
          for (const m of src.matchAll(re)) {
            if (/^(node:)?(fs|fs\/promises|child_process|path|os|net|http|https|worker_threads)$|^vscode($|-)/.test(m[1]!)) offenders.push(`${p}: ${m[1]}`);
          }
        }
      }
    };
    walk(dir);
    expect(offenders).toEqual([]);
    expect(readdirSync(dir).filter((f) => f.endsWith('.ts')).length).toBeGreaterThan(10);
  });
});

import type { Command } from 'commander';
import type { Diagnostic } from '@rapport/core';
import { todayOption, type Io } from './index.js';
import { color, displayPath, load, useColor, type Loaded } from './shared.js';

export function diagnosticJson(l: Loaded, d: Diagnostic) {
  return {
    file: displayPath(l, d.path),
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

/** All diagnostics of a loaded workspace, in file then line order, read failures included. */
export function collectDiagnostics(l: Loaded): Diagnostic[] {
  const ws = l.workspace;
  const all = ws.analysis().diagnostics(l.today);
  for (const p of ws.configProblems) all.push({ ...p, path: 'rapport.yaml', severity: p.code === 'unknown-field' ? 'hint' : 'error' });
  for (const p of ws.loadProblems) {
    all.push({ code: 'unreadable-file', message: `This file ${p.message}`, path: p.path, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

export function checkCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('check')
    .description('every problem in the notes, with file and line; exit 1 when there is an error')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(todayOption())
    .option('--json', 'print one JSON object')
    .action(async (dir: string | undefined, opts: { today?: string; json?: boolean }) => {
      const l = await load(dir, opts.today);
      const diags = collectDiagnostics(l);
      const errors = diags.filter((d) => d.severity === 'error').length;
      const warnings = diags.filter((d) => d.severity === 'warning').length;
      if (opts.json) {
        io.out(`${JSON.stringify({ diagnostics: diags.map((d) => diagnosticJson(l, d)), summary: { files: l.workspace.notes.size, errors, warnings } }, null, 2)}\n`);
      } else {
        const c = color(useColor(io.isTTY));
        for (const d of diags) {
          const j = diagnosticJson(l, d);
          const sev = d.severity === 'error' ? c.red(d.severity) : d.severity === 'warning' ? c.yellow(d.severity) : c.cyan(d.severity);
          io.out(`${j.file}:${j.line}:${j.column}: ${sev} ${c.dim(d.code)} ${d.message}\n`);
        }
        io.out(`${l.workspace.notes.size} notes checked: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
      }
      setExit(errors > 0 ? 1 : 0);
    });
}

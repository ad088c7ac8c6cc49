import * as path from 'node:path';
import { Option, type Command } from 'commander';
import { configDiagnostics, formatDate, isDiagnostic, type Diagnostic, type Severity, type Workspace } from '@rapport/core';
import { answer, todayFor } from '@rapport/node';
import { color, dirOption, displayPath, loaded, parseCount, pickDir, plural, todayOption, useColor, type Io, type Loaded, type Shown } from './shared.js';

export function diagnosticJson(l: Shown, d: Diagnostic) {
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
  all.push(...configDiagnostics(ws));
  for (const p of ws.loadProblems) {
    all.push({ code: 'unreadable-file', message: `This file ${p.message}`, path: p.path, severity: 'error', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } });
  }
  return all.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character));
}

/** What a cached answer of `check` must look like to be used (else it is computed again). */
function isChecked(x: unknown): x is { files: number; diagnostics: Diagnostic[] } {
  const c = x as { files?: unknown; diagnostics?: unknown } | null;
  return !!c && typeof c.files === 'number' && Array.isArray(c.diagnostics) && c.diagnostics.every(isDiagnostic);
}


export const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
const FORMATS = ['text', 'json', 'github'] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  dir?: string;
  today?: string;
  json?: boolean;
  format?: Format;
  maxWarnings?: number;
  severity?: Severity;
}

export function checkCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('check')
    .description('every problem in the notes, with file and line; exit 1 when there is an error')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(dirOption())
    .addOption(todayOption())
    .addOption(new Option('--format <format>', 'text (compiler style), json, or github (GitHub Actions annotations)').choices(FORMATS))
    .option('--json', 'same as --format json')
    .addOption(new Option('--max-warnings <n>', 'also exit 1 when there are more than n warnings').argParser(parseCount))
    .addOption(new Option('--severity <min>', 'show only problems at least this severe').choices(SEVERITY_ORDER))
    .addHelpText('after', `
Examples:
  rapport check                         problems in the notes here
  rapport check notes --format github   annotations for a GitHub Actions job
  rapport check --severity warning --max-warnings 0
  rapport check --json | jq '.summary'`)
    .action(async (dirArg: string | undefined, opts: CheckOptions, cmd: Command) => {
      if (opts.json && opts.format && opts.format !== 'json') {
        cmd.error(`rapport: --json and --format ${opts.format} disagree: give one.`, { exitCode: 2, code: 'rapport.usage' });
      }
      const format: Format = opts.json ? 'json' : (opts.format ?? 'text');
      const base = path.resolve(pickDir(cmd, dirArg, opts.dir) ?? '.');
      // The whole answer (every diagnostic) comes from .rapport/cache/ when nothing it depends
      // on changed since this build last checked the folder (see @rapport/node's ResultCache).
      const question = {
        name: 'check',
        ask: (ws: Workspace) => ['check', formatDate(todayFor(ws, opts.today))],
        isValue: isChecked,
      };
      const { root, value } = await answer(base, question, (opened) => {
        const l = loaded(opened, base, opts.today);
        return { files: l.workspace.notes.size, diagnostics: collectDiagnostics(l) };
      });
      const l: Shown = { root, base };
      const min = SEVERITY_ORDER.indexOf(opts.severity ?? 'hint');
      const diags = value.diagnostics.filter((d) => SEVERITY_ORDER.indexOf(d.severity) <= min);
      const errors = diags.filter((d) => d.severity === 'error').length;
      const warnings = diags.filter((d) => d.severity === 'warning').length;
      const files = value.files;
      const summary = `${plural(files, 'note')} checked: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
      if (format === 'json') {
        io.out(`${JSON.stringify({ diagnostics: diags.map((d) => diagnosticJson(l, d)), summary: { files, errors, warnings } }, null, 2)}\n`);
      } else if (format === 'github') {
        for (const d of diags) io.out(`${githubAnnotation(l, d)}\n`);
        io.out(`${summary}\n`);
      } else {
        const c = color(useColor(io.isTTY));
        for (const d of diags) {
          const j = diagnosticJson(l, d);
          const sev = d.severity === 'error' ? c.red(d.severity) : d.severity === 'warning' ? c.yellow(d.severity) : c.cyan(d.severity);
          io.out(`${j.file}:${j.line}:${j.column}: ${sev} ${c.dim(d.code)} ${d.message}\n`);
        }
        io.out(`${summary}\n`);
      }
      const tooMany = opts.maxWarnings !== undefined && warnings > opts.maxWarnings;
      if (tooMany) io.err(`rapport: ${plural(warnings, 'warning')}, more than --max-warnings ${opts.maxWarnings}.\n`);
      setExit(errors > 0 || tooMany ? 1 : 0);
    });
}

const GITHUB_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'notice', hint: 'notice' };

/** Escapes for a workflow command's message (GitHub's rules: %, CR, LF). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes for a workflow command's property value (also `:` and `,`). */
function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One GitHub Actions annotation. The file is relative to the current folder (where the workflow
 * runs, normally the repository root), so annotations land on the right file in the pull request.
 */
export function githubAnnotation(l: Shown, d: Diagnostic): string {
  const abs = path.join(l.root, ...d.path.split('/'));
  const file = path.relative(process.cwd(), abs).split(path.sep).join('/');
  const props = [
    `file=${escapeProperty(file)}`,
    `line=${d.range.start.line + 1}`,
    `col=${d.range.start.character + 1}`,
    `endLine=${d.range.end.line + 1}`,
    `endColumn=${d.range.end.character + 1}`,
    `title=${escapeProperty(`rapport ${d.code}`)}`,
  ];
  return `::${GITHUB_LEVEL[d.severity]} ${props.join(',')}::${escapeData(d.message)}`;
}

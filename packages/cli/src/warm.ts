import { Option, type Command } from 'commander';
import { describeWarmPath, findEntity, warmPaths } from '@rapport/core';
import { candidateLines, color, dirOption, load, parseCount, pickDir, todayOption, usageError, useColor, type Io } from './shared.js';

interface WarmOptions {
  dir?: string;
  today?: string;
  json?: boolean;
  limit?: number;
}

export function warmCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('warm')
    .description('warm introductions: paths from people you know to a person, organization or program')
    .argument('<target>', 'name, alias or file name of the person, organization, program or event')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(dirOption())
    .addOption(todayOption())
    .option('--json', 'print one JSON object: {"target", "paths": [{"length", "steps": [{"entity", "via"}]}]}')
    .addOption(new Option('--limit <n>', 'show at most n paths').argParser(parseCount))
    .addHelpText('after', `
People you know: everyone with a logged interaction or a last_contact on or before today.
Paths go through works-at, program contacts, parent organizations, introduced-by, met-at (the
same event) and mentions; shortest first, then the person you spoke to most recently.
Exit code 1 when no path is found.

Examples:
  rapport warm "Northfield Psychiatry Residency"
  rapport warm "Dr. Hannah Cho" --json`)
    .action(async (query: string, dirArg: string | undefined, opts: WarmOptions, cmd: Command) => {
      const l = await load(pickDir(cmd, dirArg, opts.dir), opts.today);
      const a = l.workspace.analysis();
      const m = findEntity(a, query);
      if (m.status === 'ambiguous') usageError(cmd, `'${query}' names ${m.candidates.length} notes; use one of these names or file names:\n${candidateLines(l, m.candidates)}`);
      let target;
      if (m.status === 'found') target = m.entity;
      else if (m.suggestions.length === 1) target = m.suggestions[0]!;
      else usageError(cmd, `no note is named '${query}'.${m.suggestions.length ? ` Did you mean:\n${candidateLines(l, m.suggestions)}` : ''}`);
      const result = warmPaths(a, target.id, l.today, opts.limit !== undefined ? { limit: opts.limit } : {});
      if (opts.json) {
        const json = { target: result.target, paths: result.paths.map((p) => ({ length: p.length, steps: p.steps, lastContact: p.lastContact })) };
        io.out(`${JSON.stringify(json, null, 2)}\n`);
      } else {
        const c = color(useColor(io.isTTY));
        const lines = [c.bold(`Warm paths to ${target.name} (${target.type})`), ''];
        if (result.paths.length === 0) lines.push('No path from anyone you know (a person with a logged interaction or a last_contact date).');
        result.paths.forEach((p, i) => lines.push(`${String(i + 1).padStart(2)}. ${c.dim(`[${p.length} step${p.length === 1 ? '' : 's'}]`)} ${describeWarmPath(a, p)}`));
        io.out(`${lines.join('\n')}\n`);
      }
      setExit(result.paths.length === 0 ? 1 : 0);
    });
}


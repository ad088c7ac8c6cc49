import { InvalidArgumentError, Option, type Command } from 'commander';
import { parseCondition, parseEntityType, queryEntities, queryFieldValues, type Analysis, type Condition, type Entity, type EntityType } from '@rapport/core';
import { collect, color, dirOption, displayPath, load, pickDir, plural, todayOption, useColor, type Io, type Loaded } from './shared.js';

interface QueryOptions {
  dir?: string;
  today?: string;
  type?: EntityType[];
  tag?: string[];
  where?: Condition[];
  fields?: string[];
  json?: boolean;
}

function typeArg(value: string, previous: EntityType[] | undefined): EntityType[] {
  const t = parseEntityType(value);
  if (!t) throw new InvalidArgumentError(`'${value}' is not a type: use person, organization, program or event.`);
  return [...(previous ?? []), t];
}

function whereArg(value: string, previous: Condition[] | undefined): Condition[] {
  const c = parseCondition(value);
  if ('error' in c) throw new InvalidArgumentError(c.error);
  return [...(previous ?? []), c];
}

function fieldsArg(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter(Boolean)];
}

/** One entity as JSON: id, type, name, file, then every frontmatter field as written. */
export function entityJson(l: Loaded, e: Entity): Record<string, unknown> {
  const out: Record<string, unknown> = { id: e.id, type: e.type, name: e.name, file: displayPath(l, e.path) };
  for (const [k, v] of Object.entries(e.data)) if (!(k in out)) out[k] = v;
  return out;
}

export function queryCommand(program: Command, io: Io, setExit: (n: number) => void): void {
  program
    .command('query')
    .description('list people, organizations, programs and events by type, tag or any field')
    .argument('[dir]', 'notes folder (default: the current folder)')
    .addOption(dirOption())
    .addOption(todayOption())
    .addOption(new Option('--type <type>', 'person, organization, program or event (repeat for any of several)').argParser(typeArg))
    .addOption(new Option('--tag <tag>', 'has this tag (repeat: has every one)').argParser(collect))
    .addOption(
      new Option('--where <condition>', 'field=value, field!=value, field<date, field>date (also <=, >=; dates may be today, today-90d), field~text, field (has a value), !field (has none); repeat: all must hold. The field contacted is the effective last contact').argParser(whereArg),
    )
    .addOption(new Option('--fields <list>', 'extra columns for the table, comma-separated (e.g. role,organization)').argParser(fieldsArg))
    .option('--json', 'print {"entities":[{id, type, name, file, ...fields}]}')
    .addHelpText('after', `
Examples:
  rapport query --type person --tag resident
  rapport query --type program --where stage=target --where "deadline<2026-12-31"
  rapport query --where "organization=Riverside Medical Center" --fields role
  rapport query --type person --where mentor~research --json
  rapport query --type person --where mentor --where "contacted<today-90d" --fields contacted`)
    .action(async (dirArg: string | undefined, opts: QueryOptions, cmd: Command) => {
      const l = await load(pickDir(cmd, dirArg, opts.dir), opts.today);
      const a = l.workspace.analysis();
      const found = queryEntities(a, { types: opts.type ?? [], tags: opts.tag ?? [], where: opts.where ?? [], today: l.today });
      const order = ['person', 'organization', 'program', 'event'];
      found.sort((x, y) => order.indexOf(x.type) - order.indexOf(y.type) || x.name.localeCompare(y.name, 'en') || (x.path < y.path ? -1 : 1));
      if (opts.json) {
        io.out(`${JSON.stringify({ entities: found.map((e) => entityJson(l, e)) }, null, 2)}\n`);
      } else {
        const extra = [...new Set([...(opts.fields ?? []), ...(opts.where ?? []).map((c) => c.field)])].filter((f) => !['name', 'type', 'path', 'file'].includes(f));
        io.out(renderTable(l, a, found, extra, useColor(io.isTTY)));
      }
      setExit(0);
    });
}

const MAX_CELL = 40;

function cell(s: string): string {
  return s.length > MAX_CELL ? `${s.slice(0, MAX_CELL - 1)}…` : s;
}

export function renderTable(l: Loaded, a: Analysis, entities: Entity[], extra: string[], colored: boolean): string {
  const c = color(colored);
  if (entities.length === 0) return 'No notes match.\n';
  const head = ['NAME', 'TYPE', ...extra.map((f) => f.toUpperCase()), 'FILE'];
  const rows = entities.map((e) => [cell(e.name), e.type, ...extra.map((f) => cell(queryFieldValues(a, e, f, l.today).join(', '))), displayPath(l, e.path)]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => r.map((x, i) => (i === r.length - 1 ? x : x.padEnd(widths[i]!))).join('  ').trimEnd();
  return `${[c.bold(line(head)), ...rows.map(line)].join('\n')}\n${c.dim(plural(entities.length, 'note'))} \n`.replace(/ \n$/, '\n');
}

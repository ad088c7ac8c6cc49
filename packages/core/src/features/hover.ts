/** Hover text: a link's target (role, organization, last contact, next follow-up) and field docs. */
import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';
import type { Entity } from '../entity.js';
import { CONFIG_FIELDS, fieldHover, fieldSpec } from '../schema.js';
import { rangeContains, type Position, type Range } from '../text.js';
import { describeDue } from './lens.js';
import { followUpsOf } from './views.js';
import { entityItem, organizationsOf } from './views.js';
import { linkAt } from './navigation.js';

export interface HoverView {
  markdown: string;
  range: Range;
}

export function hoverAt(a: Analysis, path: string, pos: Position, today: CalendarDate): HoverView | undefined {
  const note = a.note(path);
  if (!note) return undefined;
  const link = linkAt(a, path, pos);
  if (link) {
    const r = a.resolve(path, link);
    let md: string;
    if (r.status === 'entity') md = entityHover(a, r.entity, today);
    else if (r.status === 'note') md = `**${r.path}** (note)`;
    else if (r.status === 'ambiguous') md = `**${link.target}** matches ${r.candidates.length} notes:\n\n${r.candidates.map((c) => `- ${c.name} — \`${c.path}\``).join('\n')}`;
    else if (r.status === 'placeholder') md = `**${link.target}**: no note yet. Use the quick fix to create it.`;
    else md = `**${link.target}** (not a note)`;
    return { markdown: md, range: link.range };
  }
  for (const f of note.parsed.frontmatter.fields) {
    if (rangeContains(f.keyRange, pos)) {
      const spec = fieldSpec(f.key);
      return { markdown: spec ? fieldHover(spec) : `**${f.key}**: not a field of the note format; it is kept as it is.`, range: f.keyRange };
    }
  }
  return undefined;
}

/** Hover for a key of rapport.yaml. */
export function configHoverAt(fields: { key: string; keyRange: Range }[], pos: Position): HoverView | undefined {
  for (const f of fields) {
    if (!rangeContains(f.keyRange, pos)) continue;
    const spec = CONFIG_FIELDS.find((c) => c.key === f.key);
    if (spec) return { markdown: `**${spec.key}**\n\n${spec.doc}\n\nExample: \`${spec.key}: ${spec.example}\``, range: f.keyRange };
  }
  return undefined;
}

export function entityHover(a: Analysis, e: Entity, today: CalendarDate): string {
  const item = entityItem(a, e, today);
  const lines = [`**${e.name}** · ${e.type}`];
  if (e.role) lines.push(`Role: ${e.role}`);
  const orgs = organizationsOf(a, e);
  if (orgs.length) lines.push(`Organization: ${orgs.map((o) => o.name).join(', ')}`);
  if (e.mentor.length) lines.push(`Mentor: ${e.mentor.join(', ')}`);
  if (e.type === 'person') {
    const d = item.daysSinceContact;
    const ago = d === 0 ? 'today' : d === 1 ? 'yesterday' : `${d} days ago`;
    lines.push(item.lastContact ? `Last contact: ${item.lastContact} (${ago})` : 'Last contact: none logged');
  }
  if (e.type === 'program' && e.stage) lines.push(`Stage: ${e.stage}`);
  if (e.type === 'event' && e.date) lines.push(`Date: ${e.date}${e.end && e.end !== e.date ? ` to ${e.end}` : ''}`);
  if (item.next) {
    // "cadence in 5 d (2026-11-30)"; a later one already says its date ("cadence on 2027-05-23").
    const when = describeDue(item.next);
    lines.push(`Next: ${item.next.text} — ${when}${when.includes(item.next.due) ? '' : ` (${item.next.due})`}`);
  }
  else lines.push('Next: nothing due');
  return lines.join('  \n');
}

/** A short Markdown report on one entity: the hover facts, then its open follow-ups and recent interactions. */
export function entityReport(a: Analysis, e: Entity, today: CalendarDate): string {
  const out = [`# ${e.name}`, '', entityHover(a, e, today), ''];
  const fus = followUpsOf(a, today).filter((f) => f.entity === e || f.people.includes(e.id));
  out.push('## Follow-ups', '');
  if (fus.length === 0) out.push('Nothing due.');
  for (const f of fus) out.push(`- ${f.due} — ${f.text} (${describeDue(f)})`);
  const log = (a.interactions().get(e.id) ?? []).slice(-10).reverse();
  if (log.length) {
    out.push('', '## Recent interactions', '');
    for (const i of log) out.push(`- ${i.date} ${i.text} (${i.path})`);
  }
  return `${out.join('\n')}\n`;
}

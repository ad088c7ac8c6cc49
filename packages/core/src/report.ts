import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import remarkRehype from 'remark-rehype';
import rehypeStringify from 'rehype-stringify';
import { h, s } from 'hastscript';
import type { Element, ElementContent, Root } from 'hast';
import type { Analysis } from './analysis.js';
import { addInterval, daysBetween, formatInterval, parseDate, type CalendarDate } from './dates.js';
import type { Entity } from './entity.js';
import { cadenceOf, type FollowUp } from './followups.js';
import { MENTOR_KINDS, PROGRAM_STAGES, type EntityType } from './schema.js';
import { people, textField } from './interchange/people.js';
import { describeWarmPath, knownPeople, warmPaths } from './warm.js';

export type ReportFormat = 'md' | 'html';

export interface ReportOptions {
  format?: ReportFormat;
  /** The graph shows at most this many entities, the most connected first (default 30). */
  graphNodes?: number;
}

/** Days without contact after which someone with no cadence shows as neglected. */
export const NO_CADENCE_LIMIT_DAYS = 180;

const STATUS_TITLES: { status: FollowUp['status']; title: string }[] = [
  { status: 'overdue', title: 'Overdue' },
  { status: 'due-today', title: 'Due today' },
  { status: 'upcoming', title: 'Upcoming' },
];

const STAGE_TITLES: Record<string, string> = {
  researching: 'Researching',
  target: 'Target',
  applied: 'Applied',
  interview: 'Interview',
  ranked: 'Ranked',
  matched: 'Matched',
  declined: 'Declined',
};

/** Escapes text for Markdown inline content (tables included): it shows as written, never as markup. */
export function mdText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\\`*_[\]<>|#~!&]/g, (c) => `\\${c}`);
}

/** The network report as Markdown, or as one self-contained HTML page with a drawn graph. */
export function renderReport(a: Analysis, today: CalendarDate, options: ReportOptions = {}): string {
  const md = reportMarkdown(a, today, options);
  if ((options.format ?? 'md') === 'md') return md;
  return markdownToHtml(md, `Network report — ${today.toString()}`, reportGraph(a, options.graphNodes ?? 30));
}

export function reportMarkdown(a: Analysis, today: CalendarDate, options: ReportOptions = {}): string {
  const t = today.toString();
  const out: string[] = [];
  const push = (...l: string[]) => out.push(...l);
  const followUps = a.followUps(today);
  const known = knownPeople(a, today);
  const lastOf = (e: Entity) => a.lastContact(e, today);

  push(`# Network report — ${t}`, '');

  // Summary.
  const count = (type: EntityType) => a.entities.filter((e) => e.type === type).length;
  const byStatus = (st: FollowUp['status']) => followUps.filter((f) => f.status === st).length;
  push('## Summary', '');
  push('| What | Count |', '|---|---:|');
  push(`| People | ${count('person')} |`, `| People you know (a contact on record) | ${known.size} |`);
  push(`| Organizations | ${count('organization')} |`, `| Programs | ${count('program')} |`, `| Events | ${count('event')} |`);
  push(`| Follow-ups overdue | ${byStatus('overdue')} |`, `| Follow-ups due today | ${byStatus('due-today')} |`);
  push(`| Follow-ups upcoming | ${byStatus('upcoming')} |`, `| Follow-ups later | ${byStatus('later')} |`, '');

  // Agenda, straight from the follow-up engine.
  push('## Follow-up agenda', '');
  const open = followUps.filter((f) => f.status !== 'later');
  if (open.length === 0) push('Nothing is due. You are all caught up.', '');
  for (const g of STATUS_TITLES) {
    const group = open.filter((f) => f.status === g.status);
    if (group.length === 0) continue;
    push(`### ${g.title} (${group.length})`, '');
    push('| Due | When | Who | Kind | What | Note |', '|---|---|---|---|---|---|');
    for (const f of group) {
      // No-break spaces keep "54 d late" on one line in narrow table cells.
      const when = (f.daysLate > 0 ? `${f.daysLate} d late` : f.daysLate === 0 ? 'today' : `in ${-f.daysLate} d`).replace(/ /g, '\u00a0');
      push(`| ${f.due} | ${when} | ${f.entity ? mdText(f.entity.name) : '—'} | ${f.kind} | ${mdText(f.text)} | ${mdText(`${f.path}:${f.line + 1}`)} |`);
    }
    push('');
  }

  // Mentor mix.
  push('## Mentor mix', '');
  push('| Kind | Who covers it (last spoke) |', '|---|---|');
  const gaps: string[] = [];
  for (const kind of MENTOR_KINDS) {
    const mentors = people(a).filter((p) => p.mentor.includes(kind));
    if (mentors.length === 0) {
      push(`| ${kind} | **nobody yet** |`);
      gaps.push(kind);
      continue;
    }
    push(`| ${kind} | ${mentors.map((m) => `${mdText(m.name)} (${lastOf(m) ?? 'never'})`).join(', ')} |`);
  }
  push('');
  for (const g of gaps) push(`- No ${g} mentor yet: nobody in your notes covers ${g} mentoring.`);
  if (gaps.length) push('');

  // Programs by stage.
  push('## Programs by stage', '');
  const programs = a.entities.filter((e) => e.type === 'program');
  if (programs.length === 0) push('No program notes yet.', '');
  for (const stage of [...PROGRAM_STAGES, undefined]) {
    const list = programs.filter((p) => p.stage === stage).sort((x, y) => x.name.localeCompare(y.name, 'en'));
    if (list.length === 0) continue;
    push(`### ${stage ? STAGE_TITLES[stage] : 'No stage set'} (${list.length})`, '');
    for (const p of list) {
      const facts: string[] = [];
      const loc = textField(p, 'location');
      if (loc) facts.push(mdText(loc));
      if (p.imgFriendly !== undefined) facts.push(p.imgFriendly ? 'IMG-friendly' : 'not IMG-friendly');
      if (p.deadline) facts.push(`deadline ${p.deadline}`);
      push(`- **${mdText(p.name)}**${facts.length ? ` — ${facts.join('; ')}` : ''}`);
      const there = a.peopleAt(p).filter((x) => known.has(x.id));
      push(`  - People you know there: ${there.length ? there.map((x) => `${mdText(x.name)} (last contact ${known.get(x.id)})`).join(', ') : 'nobody yet'}`);
      const best = warmPaths(a, p.id, today, { limit: 1 }).paths[0];
      push(`  - Warmest path in: ${best ? mdText(describeWarmPath(a, best)) : 'none found in your notes'}`);
    }
    push('');
  }

  // Events.
  push('## Events', '');
  const events = a.entities.filter((e) => e.type === 'event').sort((x, y) => (x.date ?? '9999') .localeCompare(y.date ?? '9999') || x.name.localeCompare(y.name, 'en'));
  if (events.length === 0) push('No event notes yet.', '');
  for (const ev of events) {
    const when = ev.date ? (ev.end && ev.end !== ev.date ? `${ev.date} to ${ev.end}` : ev.date) : 'no date';
    const facts = [when];
    const loc = textField(ev, 'location');
    if (loc) facts.push(mdText(loc));
    if (ev.attended !== undefined) facts.push(ev.attended ? 'attended' : 'not attended');
    push(`### ${mdText(ev.name)}`, '', facts.join(' · '), '');
    if (ev.goals.length) {
      push('Goals:', '');
      for (const g of ev.goals) push(`- ${mdText(g)}`);
      push('');
    }
    const met = a.peopleMetAt(ev);
    push(`Met there: ${met.length ? met.map((p) => mdText(p.name)).join(', ') : 'nobody recorded yet'}`, '');
  }

  // People past their cadence.
  push('## People past their cadence', '');
  const late: { who: Entity; last: string; every: string; days: number }[] = [];
  for (const f of followUps) {
    if (f.kind !== 'cadence' || f.status !== 'overdue' || !f.entity) continue;
    const e = f.entity;
    const base = lastOf(e) ?? e.met;
    const c = cadenceOf(e, a.ws.config.cadence, base);
    if (!base || !c) continue;
    late.push({ who: e, last: lastOf(e) ?? `met ${e.met}`, every: formatInterval(c.interval), days: daysBetween(parseDate(base)!, today) });
  }
  for (const e of people(a)) {
    const base = lastOf(e) ?? e.met;
    if (!base || cadenceOf(e, a.ws.config.cadence, base)) continue;
    if (e.snoozeUntil && e.snoozeUntil > t) continue;
    const due = addInterval(parseDate(base)!, { years: 0, months: 0, weeks: 0, days: NO_CADENCE_LIMIT_DAYS });
    if (due.toString() >= t) continue;
    late.push({ who: e, last: lastOf(e) ?? `met ${e.met}`, every: `none (${NO_CADENCE_LIMIT_DAYS} days)`, days: daysBetween(parseDate(base)!, today) });
  }
  late.sort((x, y) => y.days - x.days || x.who.name.localeCompare(y.who.name, 'en'));
  if (late.length === 0) push(`Nobody: everyone is within their cadence (or ${NO_CADENCE_LIMIT_DAYS} days without one).`, '');
  else {
    push('| Who | Last contact | Cadence | Days since |', '|---|---|---|---:|');
    for (const l of late) push(`| ${mdText(l.who.name)} | ${l.last} | ${l.every} | ${l.days} |`);
    push('');
  }

  // Graph.
  const g = reportGraph(a, options.graphNodes ?? 30);
  push('## Network graph', '');
  push(
    g.nodes.length < g.total
      ? `The ${g.nodes.length} most connected of ${g.total} entities.`
      : `All ${g.total} entities.`,
    '',
  );
  push('```mermaid', mermaid(g), '```', '');
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}


export interface ReportGraph {
  nodes: { id: string; name: string; type: EntityType; degree: number }[];
  edges: { from: string; to: string; kind: string }[];
  /** How many entities the whole network has. */
  total: number;
}

/** The `limit` most connected entities (ties by id) and the edges between them. Placeholders are left out. */
export function reportGraph(a: Analysis, limit: number): ReportGraph {
  const { edges } = a.graph();
  const real = edges.filter((e) => a.byId.has(e.from) && a.byId.has(e.to));
  const degree = new Map<string, number>();
  for (const e of real) {
    degree.set(e.from, (degree.get(e.from) ?? 0) + 1);
    degree.set(e.to, (degree.get(e.to) ?? 0) + 1);
  }
  const ranked = [...a.byId.values()].sort((x, y) => (degree.get(y.id) ?? 0) - (degree.get(x.id) ?? 0) || (x.id < y.id ? -1 : 1));
  const chosen = ranked.slice(0, Math.max(0, limit));
  const ids = new Set(chosen.map((e) => e.id));
  const seen = new Set<string>();
  const kept: ReportGraph['edges'] = [];
  for (const e of real) {
    if (!ids.has(e.from) || !ids.has(e.to)) continue;
    const key = `${e.from}\u0000${e.to}\u0000${e.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push({ from: e.from, to: e.to, kind: e.kind });
  }
  return {
    nodes: chosen.map((e) => ({ id: e.id, name: e.name, type: e.type, degree: degree.get(e.id) ?? 0 })),
    edges: kept,
    total: a.byId.size,
  };
}

/** Text safe inside a quoted Mermaid label: quotes and markup characters become entity codes. */
export function mermaidLabel(s: string): string {
  return s.replace(/\s+/g, ' ').trim().replace(/["#<>&`\\]/g, (c) => `#${c.codePointAt(0)};`);
}

const SHAPES: Record<EntityType, [string, string]> = {
  person: ['(["', '"])'],
  organization: ['["', '"]'],
  program: ['{{"', '"}}'],
  event: ['[/"', '"/]'],
};

export function mermaid(g: ReportGraph): string {
  const lines = ['graph LR'];
  const key = new Map<string, string>();
  g.nodes.forEach((n, i) => {
    key.set(n.id, `n${i}`);
    const [open, close] = SHAPES[n.type];
    lines.push(`  n${i}${open}${mermaidLabel(n.name)}${close}:::${n.type}`);
  });
  for (const e of g.edges) lines.push(`  ${key.get(e.from)} -- ${e.kind} --> ${key.get(e.to)}`);
  lines.push(
    '  classDef person fill:#e8f1fb,stroke:#2f6db5',
    '  classDef organization fill:#eef7ee,stroke:#3a8a3a',
    '  classDef program fill:#fdf3e3,stroke:#c17d11',
    '  classDef event fill:#f5ecfa,stroke:#7b3fa0',
  );
  return lines.join('\n');
}

const COLORS: Record<EntityType, string> = { person: '#2f6db5', organization: '#3a8a3a', program: '#c17d11', event: '#7b3fa0' };

/**
 * Lays the graph out with a deterministic force-directed pass (Fruchterman–Reingold from a
 * circle, no randomness), so the same notes always draw the same picture.
 */
export function layoutGraph(g: ReportGraph, width: number, height: number): Map<string, { x: number; y: number }> {
  const n = g.nodes.length;
  const pos = g.nodes.map((_, i) => ({
    x: width / 2 + (Math.min(width, height) / 2.5) * Math.cos((2 * Math.PI * i) / Math.max(1, n)),
    y: height / 2 + (Math.min(width, height) / 2.5) * Math.sin((2 * Math.PI * i) / Math.max(1, n)),
  }));
  const index = new Map(g.nodes.map((x, i) => [x.id, i]));
  const k = Math.sqrt((width * height) / Math.max(1, n)) * 0.45;
  let temp = width / 8;
  for (let iter = 0; iter < 300; iter++) {
    const disp = pos.map(() => ({ x: 0, y: 0 }));
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        let dx = pos[i]!.x - pos[j]!.x;
        let dy = pos[i]!.y - pos[j]!.y;
        let d = Math.hypot(dx, dy);
        if (d < 0.01) {
          dx = 0.01 * (i - j);
          dy = 0.01;
          d = Math.hypot(dx, dy);
        }
        const f = (k * k) / d;
        disp[i]!.x += (dx / d) * f;
        disp[i]!.y += (dy / d) * f;
        disp[j]!.x -= (dx / d) * f;
        disp[j]!.y -= (dy / d) * f;
      }
    }
    for (const e of g.edges) {
      const i = index.get(e.from)!;
      const j = index.get(e.to)!;
      const dx = pos[i]!.x - pos[j]!.x;
      const dy = pos[i]!.y - pos[j]!.y;
      const d = Math.max(0.01, Math.hypot(dx, dy));
      const f = (d * d) / k;
      disp[i]!.x -= (dx / d) * f;
      disp[i]!.y -= (dy / d) * f;
      disp[j]!.x += (dx / d) * f;
      disp[j]!.y += (dy / d) * f;
    }
    // Gravity towards the centre keeps separate clusters on the page instead of at its edges.
    for (let i = 0; i < n; i++) {
      disp[i]!.x -= (pos[i]!.x - width / 2) * 0.6;
      disp[i]!.y -= (pos[i]!.y - height / 2) * 0.6;
    }
    for (let i = 0; i < n; i++) {
      const d = Math.max(0.01, Math.hypot(disp[i]!.x, disp[i]!.y));
      const m = Math.min(d, temp);
      pos[i]!.x = Math.min(width - 90, Math.max(90, pos[i]!.x + (disp[i]!.x / d) * m));
      pos[i]!.y = Math.min(height - 40, Math.max(40, pos[i]!.y + (disp[i]!.y / d) * m));
    }
    temp = Math.max(1, temp * 0.98);
  }
  const out = new Map<string, { x: number; y: number }>();
  g.nodes.forEach((x, i) => out.set(x.id, { x: Math.round(pos[i]!.x * 10) / 10, y: Math.round(pos[i]!.y * 10) / 10 }));
  return out;
}

/** The graph as an SVG element tree (text goes in as text nodes, so names are escaped by the serializer). */
export function graphSvg(g: ReportGraph): Element {
  const width = 960;
  const height = 640;
  const at = layoutGraph(g, width, height);
  const edges: ElementContent[] = g.edges.map((e) => {
    const p = at.get(e.from)!;
    const q = at.get(e.to)!;
    return s('line', { x1: p.x, y1: p.y, x2: q.x, y2: q.y, class: `edge ${e.kind}` }, [s('title', `${e.kind}`)]);
  });
  const nodes: ElementContent[] = g.nodes.map((n) => {
    const p = at.get(n.id)!;
    const r = 5 + Math.min(8, n.degree);
    return s('g', { class: `node ${n.type}` }, [
      s('title', `${n.name} (${n.type}, ${n.degree} links)`),
      s('circle', { cx: p.x, cy: p.y, r, fill: COLORS[n.type] }),
      s('text', { x: p.x, y: p.y + r + 12, 'text-anchor': 'middle' }, n.name),
    ]);
  });
  const legend: ElementContent[] = (Object.keys(COLORS) as EntityType[]).map((t, i) =>
    s('g', {}, [s('circle', { cx: 16, cy: 16 + i * 18, r: 6, fill: COLORS[t] }), s('text', { x: 28, y: 20 + i * 18 }, t)]),
  );
  return s(
    'svg',
    { xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': `Network graph of ${g.nodes.length} entities` },
    [s('g', { class: 'edges' }, edges), s('g', { class: 'nodes' }, nodes), s('g', { class: 'legend' }, legend)],
  );
}

const CSS = `body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#1f2328}
table{border-collapse:collapse;margin:.5em 0 1em}td:first-child{white-space:nowrap}th,td{border:1px solid #d0d7de;padding:.3em .6em;text-align:left;vertical-align:top}
h1,h2{border-bottom:1px solid #d8dee4;padding-bottom:.2em}svg{width:100%;height:auto;border:1px solid #d0d7de;border-radius:6px;background:#fff}
.edge{stroke:#9aa4ae;stroke-width:1}.node text{font-size:11px;fill:#1f2328;paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}.legend text{font-size:12px}
details pre{background:#f6f8fa;padding:1em;overflow:auto}`;

/** Markdown → one self-contained HTML page; the mermaid block becomes a drawn SVG (its source kept under a disclosure). */
export function markdownToHtml(md: string, title: string, graph?: ReportGraph): string {
  const replaceMermaid = () => (tree: Root) => {
    const walk = (parent: Root | Element) => {
      parent.children.forEach((child, i) => {
        if (child.type !== 'element') return;
        const code = child.tagName === 'pre' ? child.children.find((c): c is Element => c.type === 'element' && c.tagName === 'code') : undefined;
        const classes = code?.properties?.className;
        if (code && Array.isArray(classes) && classes.includes('language-mermaid') && graph) {
          const figure = h('figure', [graphSvg(graph), h('details', [h('summary', 'Mermaid source'), child])]);
          parent.children[i] = figure;
          return;
        }
        walk(child);
      });
    };
    walk(tree);
    const body = tree.children as ElementContent[];
    tree.children = [
      { type: 'doctype' },
      h('html', { lang: 'en' }, [
        h('head', [h('meta', { charset: 'utf-8' }), h('meta', { name: 'viewport', content: 'width=device-width, initial-scale=1' }), h('title', title), h('style', CSS)]),
        h('body', body),
      ]),
    ];
  };
  const file = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(replaceMermaid).use(rehypeStringify).processSync(md);
  return `${String(file)}\n`;
}

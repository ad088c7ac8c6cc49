import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';

/** Version of the JSON export's shape; bumped on any breaking change. */
export const JSON_EXPORT_VERSION = 1;

/** The network for scripts: every node, every edge, every follow-up (with its status for `today`). */
export function exportJson(a: Analysis, today: CalendarDate): string {
  const { nodes, edges } = a.graph();
  const out = {
    version: JSON_EXPORT_VERSION,
    today: today.toString(),
    nodes: nodes.map((n) => {
      const e = a.entity(n.id);
      return {
        id: n.id,
        type: n.type,
        name: n.name,
        ...(n.path ? { path: n.path } : {}),
        ...(e?.type === 'person' ? { lastContact: a.lastContact(e, today) ?? null } : {}),
        ...(e ? { fields: e.data } : {}),
      };
    }),
    edges: edges.map((e) => ({ from: e.from, to: e.to, kind: e.kind, path: e.path, line: e.line + 1 })),
    followUps: a.followUps(today).map((f) => ({
      id: f.id,
      kind: f.kind,
      status: f.status,
      due: f.due,
      daysLate: f.daysLate,
      entity: f.entity?.id ?? null,
      people: f.people,
      text: f.text,
      path: f.path,
      line: f.line + 1,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * Pure presentation of the server's data: protocol results in, plain tree-node descriptions out.
 *
 * No `vscode` import here (so it is unit-tested without an editor) and no domain logic: every
 * date, status, count and grouping comes from the language server; this module only chooses
 * labels, icons and which context-menu actions a row offers.
 */
import type {
  CommandResult,
  LogContactArgs,
  MarkDoneArgs,
  SnoozeArgs,
  EntitiesResult,
  EntityGroup,
  EntityGroupBy,
  EntityItem,
  EntityRef,
  EventItem,
  EventsResult,
  FollowUpGroup,
  FollowUpItem,
  FollowUpStatus,
  FollowUpsResult,
  ProgramItem,
  ProgramStageGroup,
  ProgramsResult,
  Range,
} from '@rapport/language-server/protocol';

/** Where a click takes the user. */
export interface Location {
  uri: string;
  range?: Range;
}

/** Which follow-up context-menu actions a row offers (the view's `when` clauses match these words). */
export type FollowUpAction = 'markDone' | 'snooze' | 'logContact';

/** A renderer-neutral tree node: the extension turns it into a `vscode.TreeItem`. */
export interface Node {
  /** Stable id, unique within its view. */
  id: string;
  label: string;
  description?: string;
  tooltip?: string;
  /** A codicon id (`warning`, `person`, ...). */
  icon?: string;
  /** A theme color id for the icon (`list.warningForeground`, ...). */
  iconColor?: string;
  /** Space-separated words matched by `viewItem =~ /\bword\b/` in package.json menus. */
  contextValue?: string;
  /** Open this location on click. */
  open?: Location;
  /** Arguments for the follow-up actions (present on follow-up rows). */
  followUp?: FollowUpItem;
  /** Present on rows that stand for an entity. */
  entity?: EntityRef;
  expanded?: boolean;
  children?: Node[];
}

// ------------------------------------------------------------------------------------ words

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** "3 days late", "due today", "in 2 days" (from the server's daysLate). */
export function lateness(daysLate: number): string {
  if (daysLate > 0) return `${plural(daysLate, 'day')} late`;
  if (daysLate === 0) return 'due today';
  return `in ${plural(-daysLate, 'day')}`;
}

/** "today", "yesterday", "54 days ago". */
export function ago(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  return `${days} days ago`;
}

const KIND_LABEL: Record<FollowUpItem['kind'], string> = {
  task: 'Task',
  'next-action': 'Next action',
  cadence: 'Keep in touch',
  'thank-you': 'Thank-you',
  deadline: 'Deadline',
};

const KIND_ICON: Record<FollowUpItem['kind'], string> = {
  task: 'tasklist',
  'next-action': 'arrow-right',
  cadence: 'history',
  'thank-you': 'heart',
  deadline: 'calendar',
};

const STATUS_ICON: Record<FollowUpStatus, { icon: string; color?: string }> = {
  overdue: { icon: 'warning', color: 'list.warningForeground' },
  'due-today': { icon: 'bell', color: 'charts.blue' },
  upcoming: { icon: 'calendar' },
  later: { icon: 'clock' },
};

// ------------------------------------------------------------------------------------ follow-ups

/**
 * The actions that make sense for a follow-up's kind:
 * - a task can be ticked (Mark done) or pushed back (Snooze moves its due date);
 * - a thank-you or a keep-in-touch reminder lives in the person's note: logging contact answers it,
 *   snoozing sets the person's `snooze_until`;
 * - a next action lives in the person's note too: logging contact records it (the date stays).
 * A program deadline offers none (open the note and change the stage).
 */
export function followUpActions(item: FollowUpItem): FollowUpAction[] {
  switch (item.kind) {
    case 'task':
      return ['markDone', 'snooze'];
    case 'thank-you':
    case 'cadence':
      return item.entityType === 'person' || item.entityType === undefined ? ['logContact', 'snooze'] : ['snooze'];
    case 'next-action':
      return ['logContact'];
    case 'deadline':
      return [];
  }
}

/** Arguments of the server's `rapport.markDone` for a task follow-up (its note and line). */
export function markDoneArgs(item: FollowUpItem): MarkDoneArgs | undefined {
  return item.kind === 'task' ? { uri: item.uri, line: item.range.start.line } : undefined;
}

/** Arguments of `rapport.snooze`: a task moves its due date; a reminder snoozes the person's note. */
export function snoozeArgs(item: FollowUpItem, by = '1w'): SnoozeArgs | undefined {
  if (item.kind === 'task') return { uri: item.uri, line: item.range.start.line, by };
  if (item.kind === 'thank-you' || item.kind === 'cadence') return { uri: item.uri, by };
  return undefined;
}

/** Arguments of `rapport.logContact` from a follow-up row (the person's note) or a person row. */
export function logContactArgs(node: Pick<Node, 'followUp' | 'entity'>): LogContactArgs | undefined {
  const f = node.followUp;
  if (f) {
    if (!followUpActions(f).includes('logContact')) return undefined;
    return f.kind === 'thank-you' ? { uri: f.uri, text: 'Sent a thank-you' } : { uri: f.uri };
  }
  return node.entity?.type === 'person' ? { uri: node.entity.uri } : undefined;
}

export function followUpNode(item: FollowUpItem): Node {
  const who = item.entityName ?? (item.people.length ? item.people.join(', ') : 'No one in particular');
  const status = STATUS_ICON[item.status];
  const actions = followUpActions(item);
  return {
    id: `followUp:${item.id}`,
    label: who,
    // Lateness first: it stays readable when a narrow side bar cuts the description.
    description: `${lateness(item.daysLate)} · ${item.text}`,
    tooltip: `${KIND_LABEL[item.kind]}: ${item.message}\nDue ${item.due} (${lateness(item.daysLate)})`,
    icon: item.status === 'overdue' ? status.icon : KIND_ICON[item.kind],
    ...(status.color ? { iconColor: status.color } : {}),
    contextValue: ['followUp', `kind-${item.kind}`, ...actions].join(' '),
    open: { uri: item.uri, range: item.range },
    followUp: item,
  };
}

export function followUpGroupNode(group: FollowUpGroup): Node {
  const status = STATUS_ICON[group.status];
  return {
    id: `followUps:${group.status}`,
    label: group.label,
    description: String(group.count),
    tooltip: `${group.label}: ${plural(group.count, 'follow-up')}`,
    icon: status.icon,
    ...(status.color && group.count > 0 ? { iconColor: status.color } : {}),
    contextValue: `followUpGroup status-${group.status}`,
    expanded: group.status !== 'later',
    children: group.items.map(followUpNode),
  };
}

export function followUpTree(result: FollowUpsResult): Node[] {
  return result.groups.map(followUpGroupNode);
}

/** The overdue count, from the server's groups. */
export function overdueCount(result: FollowUpsResult): number {
  return result.groups.find((g) => g.status === 'overdue')?.count ?? 0;
}

export interface StatusBarView {
  visible: boolean;
  text: string;
  tooltip: string;
}

/** Status bar entry: "$(warning) 3 overdue", hidden when nothing is overdue. */
export function statusBar(result: FollowUpsResult | undefined): StatusBarView {
  if (!result) return { visible: false, text: '', tooltip: '' };
  const overdue = overdueCount(result);
  const today = result.groups.find((g) => g.status === 'due-today')?.count ?? 0;
  const parts = [plural(overdue, 'overdue follow-up')];
  if (today) parts.push(`${today} due today`);
  return {
    visible: overdue > 0,
    text: `$(warning) ${overdue} overdue`,
    tooltip: `Rapport: ${parts.join(', ')} (today is ${result.today}). Click to show them.`,
  };
}

// ------------------------------------------------------------------------------------ contacts

const GROUP_ICON: Record<EntityGroupBy, string> = {
  organization: 'organization',
  tag: 'tag',
  mentor: 'mortar-board',
  type: 'symbol-class',
};

const TYPE_ICON: Record<EntityRef['type'], string> = {
  person: 'person',
  organization: 'organization',
  program: 'mortar-board',
  event: 'calendar',
};

export const GROUP_BY_LABEL: Record<EntityGroupBy, string> = {
  organization: 'Organization',
  tag: 'Tag',
  mentor: 'Mentor kind',
  type: 'Type',
};

/** A person (or any entity) row: name, then role and last contact. */
export function entityNode(item: EntityItem, groupKey: string): Node {
  const bits: string[] = [];
  // Last contact first: it stays readable when a narrow side bar cuts the description.
  if (item.type === 'person') {
    bits.push(
      item.lastContact
        ? item.daysSinceContact !== undefined
          ? `contacted ${ago(item.daysSinceContact)}`
          : `last contact ${item.lastContact}`
        : 'no contact yet',
    );
  }
  if (item.role) bits.push(item.role);
  const tip = [item.name + (item.role ? ` — ${item.role}` : '')];
  if (item.organizations.length) tip.push(`Organization: ${item.organizations.join(', ')}`);
  if (item.mentor.length) tip.push(`Mentor: ${item.mentor.join(', ')}`);
  if (item.tags.length) tip.push(`Tags: ${item.tags.map((t) => `#${t}`).join(' ')}`);
  if (item.type === 'person') {
    tip.push(`Last contact: ${item.lastContact ? `${item.lastContact}${item.daysSinceContact !== undefined ? ` (${ago(item.daysSinceContact)})` : ''}` : 'none logged'}`);
  }
  if (item.next) tip.push(`Next: ${item.next.text} (${item.next.due}, ${lateness(item.next.daysLate)})`);
  const overdue = item.next?.status === 'overdue';
  return {
    id: `entity:${groupKey}:${item.id}`,
    label: item.name,
    description: bits.join(' · '),
    tooltip: tip.join('\n'),
    icon: TYPE_ICON[item.type],
    ...(overdue ? { iconColor: 'list.warningForeground' } : {}),
    contextValue: `entity type-${item.type}${item.type === 'person' ? ' logContact' : ''}`,
    open: { uri: item.uri },
    entity: item,
  };
}

export function entityGroupNode(group: EntityGroup, groupBy: EntityGroupBy): Node {
  return {
    id: `entities:${groupBy}:${group.key}`,
    label: group.label,
    description: String(group.count),
    icon: group.key === '' ? 'question' : GROUP_ICON[groupBy],
    contextValue: group.uri ? 'entityGroup hasNote' : 'entityGroup',
    ...(group.uri ? { open: { uri: group.uri } } : {}),
    expanded: false,
    children: group.items.map((i) => entityNode(i, group.key)),
  };
}

export function contactsTree(result: EntitiesResult): Node[] {
  return result.groups.map((g) => entityGroupNode(g, result.groupBy));
}

// ------------------------------------------------------------------------------------ programs

function refNode(ref: EntityRef, parent: string): Node {
  return {
    id: `${parent}/${ref.type}:${ref.id}`,
    label: ref.name,
    ...(ref.role ? { description: ref.role } : {}),
    icon: TYPE_ICON[ref.type],
    contextValue: `entity type-${ref.type}${ref.type === 'person' ? ' logContact' : ''}`,
    open: { uri: ref.uri },
    entity: ref,
  };
}

export function programNode(p: ProgramItem): Node {
  const bits: string[] = [];
  if (p.organization) bits.push(p.organization);
  if (p.deadline) bits.push(`deadline ${p.deadline}`);
  if (p.imgFriendly) bits.push('IMG-friendly');
  bits.push(plural(p.people.length, 'contact'));
  const tip = [p.name];
  if (p.specialty) tip.push(`Specialty: ${p.specialty}`);
  if (p.stage) tip.push(`Stage: ${p.stage}`);
  if (p.organization) tip.push(`Organization: ${p.organization}`);
  if (p.deadline) tip.push(`Deadline: ${p.deadline}`);
  if (p.imgFriendly !== undefined) tip.push(`IMG-friendly: ${p.imgFriendly ? 'yes' : 'no'}`);
  const id = `program:${p.id}`;
  return {
    id,
    label: p.name,
    description: bits.join(' · '),
    tooltip: tip.join('\n'),
    icon: 'mortar-board',
    contextValue: 'entity type-program',
    open: { uri: p.uri },
    entity: p,
    expanded: false,
    children: p.people.map((r) => refNode(r, id)),
  };
}

export function programStageNode(g: ProgramStageGroup): Node {
  return {
    id: `stage:${g.stage || 'none'}`,
    label: g.label,
    description: String(g.count),
    icon: 'milestone',
    contextValue: 'programStage',
    expanded: g.count > 0,
    children: g.programs.map(programNode),
  };
}

export function programsTree(result: ProgramsResult): Node[] {
  return result.stages.map(programStageNode);
}

// ------------------------------------------------------------------------------------ events

export function eventWhen(e: EventItem): string | undefined {
  if (!e.date) return undefined;
  return e.end && e.end !== e.date ? `${e.date} – ${e.end}` : e.date;
}

export function eventNode(e: EventItem, today: string): Node {
  const id = `event:${e.id}`;
  const when = eventWhen(e);
  const bits: string[] = [];
  if (when) bits.push(when);
  if (e.location) bits.push(e.location);
  const future = e.date !== undefined && e.date > today;
  if (future) bits.push('upcoming');
  else if (e.attended === false) bits.push('not attended');
  const children: Node[] = [];
  if (e.goals.length) {
    children.push({
      id: `${id}/goals`,
      label: 'Goals',
      description: String(e.goals.length),
      icon: 'target',
      contextValue: 'eventGoals',
      expanded: true,
      children: e.goals.map((g, i) => ({ id: `${id}/goal:${i}`, label: g, tooltip: g, icon: 'circle-small', open: { uri: e.uri } })),
    });
  }
  if (e.met.length) {
    children.push({
      id: `${id}/met`,
      label: 'People met',
      description: String(e.met.length),
      icon: 'person-add',
      contextValue: 'eventPeople',
      expanded: true,
      children: e.met.map((r) => refNode(r, `${id}/met`)),
    });
  }
  return {
    id,
    label: e.name,
    description: bits.join(' · '),
    tooltip: [e.name, when, e.location, `${plural(e.goals.length, 'goal')}, ${e.met.length} met there`].filter(Boolean).join('\n'),
    icon: future ? 'calendar' : 'pass',
    contextValue: 'entity type-event',
    open: { uri: e.uri },
    entity: e,
    expanded: false,
    children,
  };
}

export function eventsTree(result: EventsResult): Node[] {
  return result.events.map((e) => eventNode(e, result.today));
}

// ------------------------------------------------------------------------------------ quick picks

/** A QuickPick row for a person (Log interaction). */
export function personPick(item: EntityItem): { label: string; description?: string; detail?: string } {
  return {
    label: item.name,
    ...(item.role ? { description: item.role } : {}),
    detail: item.lastContact ? `Last contact ${item.lastContact}` : 'No contact logged yet',
  };
}

// ------------------------------------------------------------------------------------ commands

/**
 * What to tell the user after a server command: nothing when it was applied or when they
 * dismissed the choice (the code lens's person actions), else why nothing changed.
 */
export function commandWarning(result: CommandResult | undefined): string | undefined {
  if (result?.applied || result?.cancelled) return undefined;
  return `Rapport: nothing changed${result?.reason ? ` (${result.reason})` : ''}.`;
}

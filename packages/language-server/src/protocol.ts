/**
 * Rapport's custom LSP protocol: the requests, notifications and commands the server offers on top
 * of standard LSP, shared by the server and every client (the VS Code extension imports this
 * module as `@rapport/language-server/protocol`).
 *
 * This module has NO runtime dependency: plain TypeScript types and string constants only, so a
 * client can import it without pulling in vscode-languageserver.
 *
 * Conventions:
 * - `uri` is a `file://` URI as LSP uses; `range` is an LSP range (0-based lines, UTF-16 columns).
 * - Dates are calendar dates `YYYY-MM-DD`; `today` is the server's "today" (rapport.yaml's `today:`,
 *   else the date in the configured time zone).
 * - When several workspace folders are open, results merge all of them; each item's `uri` tells
 *   where it lives.
 */

// Positions (0-based lines, UTF-16 columns, as LSP) and the value sets come from core's text
// module, schema and follow-up engine (type-only: nothing at run time).
import type { EntityType, FollowUpKind, FollowUpStatus, Position, ProgramStage, Range } from '@rapport/core';
export type { EntityType, FollowUpKind, FollowUpStatus, Position, ProgramStage, Range };

/** A short reference to an entity, for lists inside items. */
export interface EntityRef {
  id: string;
  name: string;
  type: EntityType;
  uri: string;
  role?: string;
}

// ---------------------------------------------------------------------------------------------
// rapport/followUps
// ---------------------------------------------------------------------------------------------

/** Request `rapport/followUps`: every follow-up, grouped by status (overdue first). */
export const FollowUpsRequest = 'rapport/followUps';

export interface FollowUpsParams {
  /** Which statuses to return; default `['overdue', 'due-today', 'upcoming']`. `later` lists the rest. */
  statuses?: FollowUpStatus[];
}

export interface FollowUpItem {
  /** Stable id (kind, file and subject), usable as a tree item id. */
  id: string;
  kind: FollowUpKind;
  status: FollowUpStatus;
  /** Due date, YYYY-MM-DD. */
  due: string;
  /** today − due in days: positive when late, 0 today, negative ahead. */
  daysLate: number;
  /** The entity it is about (a task: the entity whose note holds it, or the first person it links). */
  entityId?: string;
  entityName?: string;
  entityType?: EntityType;
  /** Ids of every person it concerns. */
  people: string[];
  /** What to do, in words ("Send a thank-you to Dr. Kevin Brandt (met 2026-11-20)"). */
  text: string;
  /** The full sentence of the diagnostic ("Thank-you to Dr. Kevin Brandt overdue by 2 days — met 2026-11-20"). */
  message: string;
  /** Where it comes from: the task line or the frontmatter field. */
  uri: string;
  range: Range;
}

export interface FollowUpGroup {
  status: FollowUpStatus;
  /** "Overdue", "Due today", "Upcoming", "Later". */
  label: string;
  count: number;
  items: FollowUpItem[];
}

export interface FollowUpsResult {
  today: string;
  /** One group per requested status, in the order overdue, due-today, upcoming, later (empty groups included). */
  groups: FollowUpGroup[];
}

// ---------------------------------------------------------------------------------------------
// rapport/entities
// ---------------------------------------------------------------------------------------------

/** Request `rapport/entities`: entities grouped by organization, tag, mentor kind or type. */
export const EntitiesRequest = 'rapport/entities';

export type EntityGroupBy = 'organization' | 'tag' | 'mentor' | 'type';

export interface EntitiesParams {
  groupBy: EntityGroupBy;
}

export interface EntityItem extends EntityRef {
  /** Names of the organizations (or programs) the entity's `organization` field links. */
  organizations: string[];
  tags: string[];
  mentor: string[];
  /** Effective last contact (people only). */
  lastContact?: string;
  /** Days since the last contact (people only, when known). */
  daysSinceContact?: number;
  /** The earliest open follow-up about this entity, if any. */
  next?: { kind: FollowUpKind; status: FollowUpStatus; due: string; daysLate: number; text: string };
}

export interface EntityGroup {
  /** Group key: organization id, tag, mentor kind or entity type; `''` for "none". */
  key: string;
  /** Display label ("Riverside Medical Center", "#resident", "clinical", "People", "No organization"). */
  label: string;
  /** For an organization group: the organization's note. */
  uri?: string;
  count: number;
  items: EntityItem[];
}

export interface EntitiesResult {
  groupBy: EntityGroupBy;
  today: string;
  /**
   * Groups sorted by label, the "none" group last. By organization, tag and mentor only people are
   * listed (a person with two tags appears in both groups); by type, every entity.
   */
  groups: EntityGroup[];
}

// ---------------------------------------------------------------------------------------------
// rapport/programs
// ---------------------------------------------------------------------------------------------

/** Request `rapport/programs`: programs grouped by stage, with the people you know there. */
export const ProgramsRequest = 'rapport/programs';

export interface ProgramItem extends EntityRef {
  stage?: ProgramStage;
  specialty?: string;
  organization?: string;
  deadline?: string;
  imgFriendly?: boolean;
  /** People you know there: the program's `contacts`, and people whose `organization` links the program or its organization. */
  people: EntityRef[];
}

export interface ProgramStageGroup {
  /** A stage, or `''` for programs without one. */
  stage: ProgramStage | '';
  label: string;
  count: number;
  programs: ProgramItem[];
}

export interface ProgramsResult {
  /** Every stage in pipeline order (researching … declined), then "No stage"; empty ones included. */
  stages: ProgramStageGroup[];
}

// ---------------------------------------------------------------------------------------------
// rapport/events
// ---------------------------------------------------------------------------------------------

/** Request `rapport/events`: events by date (newest first), with goals and the people met there. */
export const EventsRequest = 'rapport/events';

export interface EventItem extends EntityRef {
  date?: string;
  end?: string;
  location?: string;
  attended?: boolean;
  goals: string[];
  /** People whose `met_at` links this event. */
  met: EntityRef[];
}

export interface EventsResult {
  today: string;
  /** Dated events newest first, then undated ones by name. */
  events: EventItem[];
}

// ---------------------------------------------------------------------------------------------
// rapport/graph
// ---------------------------------------------------------------------------------------------

/** Request `rapport/graph`: the typed network (entities, placeholders, and their edges). */
export const GraphRequest = 'rapport/graph';

export interface GraphNodeItem {
  id: string;
  type: EntityType | 'placeholder';
  name: string;
  /** Absent for placeholders (links to notes that do not exist yet). */
  uri?: string;
}

export interface GraphEdgeItem {
  from: string;
  to: string;
  /** works-at, met-at, introduced-by, mentions, member-of, part-of. */
  kind: string;
}

export interface GraphResult {
  nodes: GraphNodeItem[];
  edges: GraphEdgeItem[];
}

// ---------------------------------------------------------------------------------------------
// rapport/report
// ---------------------------------------------------------------------------------------------

/** Request `rapport/report`: core's Markdown report of the network (the client shows it in a preview). */
export const ReportRequest = 'rapport/report';

export interface ReportParams {
  /** Limit the report to one entity (its id); default: the whole workspace. */
  entity?: string;
}

export interface ReportResult {
  today: string;
  /** The report as Markdown. */
  markdown: string;
}

// ---------------------------------------------------------------------------------------------
// rapport/didChange (server → client)
// ---------------------------------------------------------------------------------------------

/**
 * Notification `rapport/didChange`: sent after the workspace's data changed (a note was edited,
 * created, deleted or renamed; the config changed; the date rolled over). Clients refresh their
 * views by asking again. Sent at most once per batch of changes.
 */
export const DidChangeNotification = 'rapport/didChange';

export interface DidChangeParams {
  today: string;
  /** Increases with every change. */
  version: number;
  /** URIs of the notes that changed (empty when the date or the config changed). */
  uris: string[];
}

// ---------------------------------------------------------------------------------------------
// Commands (workspace/executeCommand)
// ---------------------------------------------------------------------------------------------

/**
 * Commands run through `workspace/executeCommand`. The server computes a minimal edit and asks the
 * client to apply it with `workspace/applyEdit`; the result says whether it was applied.
 */
export const Commands = {
  /** Marks a task done (`✅ today`; a 🔁 task gets its next occurrence). Args: [MarkDoneArgs]. */
  markDone: 'rapport.markDone',
  /** Snoozes a task (moves its due date) or a person's reminders (sets `snooze_until`). Args: [SnoozeArgs]. */
  snooze: 'rapport.snooze',
  /** Adds a dated log entry to a person's note. Args: [LogContactArgs]. */
  logContact: 'rapport.logContact',
  /** Creates a note from its template. Args: [NewNoteArgs]. */
  newNote: 'rapport.newNote',
  /**
   * The person-note code lens's command. Args: [PersonActionsArgs]. The server shows the person's
   * due follow-ups with `window/showMessageRequest` and offers the edits that settle them (mark
   * the task done, log contact today, snooze reminders 1 week); the chosen one runs as
   * markDone / logContact / snooze would. Dismissed: `{ applied: false, cancelled: true }`.
   */
  personActions: 'rapport.personActions',
} as const;

export type CommandName = (typeof Commands)[keyof typeof Commands];

export interface MarkDoneArgs {
  uri: string;
  /** 0-based line of the task. */
  line: number;
}

export interface SnoozeArgs {
  uri: string;
  /** A task's 0-based line: snooze that task. Without it, snooze the person's reminders (snooze_until). */
  line?: number;
  /** A duration: `1d`, `3 days`, `1w`, `2 weeks`, `1m` (default `1w`). */
  by?: string;
}

export interface LogContactArgs {
  /** The person's note. */
  uri: string;
  /** The entry's text after the date (default "Contact"). */
  text?: string;
  /** YYYY-MM-DD, default today. */
  date?: string;
}

export interface PersonActionsArgs {
  /** The person's note. */
  uri: string;
}

export interface NewNoteArgs {
  type: EntityType;
  /** The entity's name; the file name is derived from it. */
  name: string;
  /** Workspace folder to create it in (default: the first). */
  folderUri?: string;
}

export interface CommandResult {
  applied: boolean;
  /** Why nothing was applied (no such task, file exists, client refused). */
  reason?: string;
  /** The note created or changed. */
  uri?: string;
  /** The user dismissed the choice (personActions): nothing was asked of the note. */
  cancelled?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Settings (workspace/configuration, section `rapport`)
// ---------------------------------------------------------------------------------------------

/**
 * Client settings the server reads with `workspace/configuration` (section `rapport`). They
 * override rapport.yaml's `severity` map.
 */
export interface RapportSettings {
  /** Severity per diagnostic code: `error`, `warning`, `information`, `hint` or `off`. */
  severity?: Record<string, 'error' | 'warning' | 'information' | 'hint' | 'off'>;
  /** The upcoming window (a duration such as `7 days`); overrides rapport.yaml's `upcoming` when set. */
  upcoming?: string;
  /** Folder of the user's note templates, relative to the workspace root; overrides rapport.yaml's `templates`. */
  templatesFolder?: string;
  /** IANA time zone used for "today" (e.g. `America/New_York`); overrides rapport.yaml's `timezone`. */
  timezone?: string;
}

/** Diagnostic `source` of every diagnostic the server publishes. */
export const DIAGNOSTIC_SOURCE = 'rapport';

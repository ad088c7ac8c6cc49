import { stringify } from 'csv-stringify/sync';
import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';
import { people, personRow } from './people.js';

/** The columns of the spreadsheet most people kept before Rapport, plus a few that help. */
export const CSV_COLUMNS = ['Name', 'Role', 'Organization', 'How we met', 'Last discussed', 'Last contact', 'Next action', 'Follow-up', 'Mentor', 'Tags', 'Email'] as const;

export interface CsvOptions {
  /** Start with a byte-order mark, so Excel reads the file as UTF-8. */
  bom?: boolean;
}

/**
 * A cell a spreadsheet will show as text: one that starts like a formula (`=`, `+`, `-`, `@`, tab,
 * carriage return) gets a leading apostrophe, so note text can never run as a formula in Excel
 * or Google Sheets (CSV injection).
 */
export function spreadsheetText(v: string): string {
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/**
 * One row per person, RFC 4180 (CRLF line ends, fields quoted when they hold a comma, quote or
 * line break), written by csv-stringify; formula-like cells are defused by `spreadsheetText`. Lists (organizations, mentor kinds, tags) are joined by `; `.
 */
export function exportCsv(a: Analysis, today: CalendarDate, options: CsvOptions = {}): string {
  const rows = people(a).map((e) => {
    const r = personRow(a, e, today);
    return [r.name, r.role ?? '', r.organizations.join('; '), r.howWeMet ?? '', r.lastDiscussed ?? '', r.lastContact ?? '', r.nextAction ?? '', r.followUp ?? '', r.mentor.join('; '), r.tags.join('; '), r.email ?? ''];
  });
  return stringify([[...CSV_COLUMNS], ...rows.map((r) => r.map(spreadsheetText))], { record_delimiter: 'windows', bom: options.bom === true });
}

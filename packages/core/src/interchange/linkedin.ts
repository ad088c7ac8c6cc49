import { parse } from 'csv-parse/sync';
import { parseDate } from '../dates.js';
import type { ContactParse, ContactRecord, RecordProblem } from './contacts.js';

/** The header of LinkedIn's Connections.csv (the export puts a few lines of notes above it). */
export const LINKEDIN_HEADER = ['First Name', 'Last Name', 'URL', 'Email Address', 'Company', 'Position', 'Connected On'] as const;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `12 Nov 2026` (LinkedIn's form), also `12-Nov-26` and ISO `2026-11-12` → `2026-11-12`; undefined if not a real date. */
export function parseLinkedInDate(s: string): string | undefined {
  const t = s.trim();
  if (parseDate(t)) return t;
  const m = /^(\d{1,2})[ -]([A-Za-z]{3,9})[ -](\d{2}|\d{4})$/.exec(t);
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase()) + 1;
  if (month === 0) return undefined;
  const year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return parseDate(iso) ? iso : undefined;
}

/**
 * Reads LinkedIn's Connections.csv with csv-parse: the notes above the header are passed over,
 * each row becomes a contact (line numbers are the file's). A row with no name, or one that is
 * not valid CSV, is reported and skipped; an unreadable "Connected On" is reported and the
 * contact imports without it.
 */
export function parseLinkedInCsv(text: string): ContactParse {
  const body = text.replace(/^\uFEFF/, '');
  const contacts: ContactRecord[] = [];
  const problems: RecordProblem[] = [];
  const lines = body.split(/\r\n|\n|\r/);
  const headerIndex = lines.findIndex((l) => /^"?First Name"?\s*,\s*"?Last Name"?\s*,/i.test(l.trim()));
  if (headerIndex < 0) {
    problems.push({ line: 1, message: `no header line '${LINKEDIN_HEADER.join(',')}': is this LinkedIn's Connections.csv?`, skipped: false });
    return { contacts, problems };
  }
  let header: string[];
  try {
    header = (parse(lines[headerIndex]!, { trim: true }) as string[][])[0]!.map((c) => c.trim());
  } catch (e) {
    problems.push({ line: headerIndex + 1, message: `the header is not valid CSV (${e instanceof Error ? e.message : String(e)})`, skipped: false });
    return { contacts, problems };
  }
  const rows: { record: Record<string, string>; line: number }[] = [];
  for (const chunk of recordChunks(lines, headerIndex + 1)) {
    if (!chunk.text.trim()) continue;
    try {
      const cells = (parse(chunk.text, { relax_quotes: true, relax_column_count: true, trim: true }) as string[][])[0] ?? [];
      const record: Record<string, string> = {};
      header.forEach((h, i) => (record[h] = cells[i] ?? ''));
      rows.push({ record, line: chunk.line });
    } catch (e) {
      problems.push({ line: chunk.line, message: `not valid CSV (${e instanceof Error ? e.message.replace(/ at line \d+/, '') : String(e)}); skipped`, skipped: true });
    }
  }
  for (const { record, line } of rows) {
    const get = (k: string) => (record[k] ?? '').trim();
    const name = [get('First Name'), get('Last Name')].filter(Boolean).join(' ');
    if (!name) {
      problems.push({ line, message: 'no First Name or Last Name; skipped', skipped: true });
      continue;
    }
    const rec: ContactRecord = { line, name, organizations: [], tags: [] };
    const url = get('URL');
    if (url) rec.linkedin = url;
    const email = get('Email Address');
    if (email) rec.email = email;
    const company = get('Company');
    if (company) rec.organizations.push(company);
    const position = get('Position');
    if (position) rec.role = position;
    const on = get('Connected On');
    if (on) {
      const d = parseLinkedInDate(on);
      if (d) rec.connectedOn = d;
      else problems.push({ line, message: `Connected On '${on}' is not a date like 12 Nov 2026; imported without it`, skipped: false });
    }
    contacts.push(rec);
  }
  problems.sort((x, y) => x.line - y.line);
  return { contacts, problems };
}

/**
 * Splits CSV lines into records, each with its 1-based first line: a record goes on while a
 * quoted field is open (an odd number of quotes so far). A quote left open for 50 lines is taken
 * as a broken record of one line, so one bad row cannot swallow the rest of the file.
 */
function* recordChunks(lines: string[], from: number): Generator<{ text: string; line: number }> {
  let i = from;
  while (i < lines.length) {
    let quotes = 0;
    let j = i;
    for (; j < lines.length && j < i + 50; j++) {
      quotes += (lines[j]!.match(/"/g) ?? []).length;
      if (quotes % 2 === 0) break;
    }
    if (quotes % 2 === 0 && j < lines.length) {
      yield { text: lines.slice(i, j + 1).join('\n'), line: i + 1 };
      i = j + 1;
    } else {
      yield { text: lines[i]!, line: i + 1 };
      i += 1;
    }
  }
}

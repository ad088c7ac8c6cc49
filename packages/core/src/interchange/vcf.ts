import ICAL from 'ical.js';
import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';
import { parseDate } from '../dates.js';
import { people, personRow } from './people.js';
import type { ContactParse, ContactRecord, RecordProblem } from './contacts.js';
import { opensAgent, readVcard21 } from './vcard21.js';

/** The line the vCard NOTE ends with, so an import can read the last contact back. */
export const LAST_CONTACT_NOTE = 'Last contact: ';

/** Splits a display name into vCard N parts: [family, given, additional, prefix, suffix]. */
export function nameParts(name: string): string[] {
  const words = name.trim().split(/\s+/);
  let prefix = '';
  if (words.length > 1 && /^(dr|prof|mr|mrs|ms|mx)\.?$/i.test(words[0]!)) prefix = words.shift()!;
  let suffix = '';
  if (words.length > 1 && /^(md|do|phd|mph|mba|jr\.?|sr\.?|ii|iii),?$/i.test(words[words.length - 1]!.replace(/,$/, ''))) suffix = words.pop()!;
  const family = words.length > 1 ? words.pop()! : '';
  return [family, words.join(' '), '', prefix, suffix].map((s) => s.replace(/,$/, ''));
}

/**
 * Every person as a vCard 4.0 (RFC 6350), built with ical.js: FN, N, ORG (one per
 * organization), TITLE (role), EMAIL, TEL, URL (website and LinkedIn), ADR (location as the
 * locality), CATEGORIES (tags) and a NOTE with the person's notes and their last contact.
 */
export function exportVcf(a: Analysis, today: CalendarDate): string {
  const cards: string[] = [];
  for (const e of people(a)) {
    const r = personRow(a, e, today);
    const card = new ICAL.Component('vcard');
    card.addPropertyWithValue('version', '4.0');
    card.addPropertyWithValue('uid', `urn:rapport:${e.id}`);
    card.addPropertyWithValue('fn', r.name);
    const n = new ICAL.Property('n', card);
    n.setValue(nameParts(r.name) as unknown as string);
    card.addProperty(n);
    for (const o of r.organizations) {
      const org = new ICAL.Property('org', card);
      org.setValue([o] as unknown as string);
      card.addProperty(org);
    }
    if (r.role) card.addPropertyWithValue('title', r.role);
    if (r.email) card.addPropertyWithValue('email', r.email);
    if (r.phone) {
      const tel = new ICAL.Property('tel', card);
      tel.setParameter('value', 'text');
      tel.setValue(r.phone);
      card.addProperty(tel);
    }
    if (r.website) card.addPropertyWithValue('url', r.website);
    if (r.linkedin) {
      const url = new ICAL.Property('url', card);
      url.setParameter('type', 'linkedin');
      url.setValue(r.linkedin);
      card.addProperty(url);
    }
    if (r.location) {
      const adr = new ICAL.Property('adr', card);
      adr.setValue(['', '', '', r.location, '', '', ''] as unknown as string);
      card.addProperty(adr);
    }
    if (r.tags.length) {
      const cat = new ICAL.Property('categories', card);
      cat.setValues(r.tags);
      card.addProperty(cat);
    }
    const note = [r.notes, r.lastContact ? `${LAST_CONTACT_NOTE}${r.lastContact}` : undefined].filter(Boolean).join('\n');
    if (note) card.addPropertyWithValue('note', note);
    cards.push(card.toString());
  }
  return cards.length ? `${cards.join('\r\n')}\r\n` : '';
}

/** The values of every property with a name, flattened to strings (multi-valued ones too). */
function values(c: ICAL.Component, name: string): { value: unknown; params: Record<string, unknown> }[] {
  return c.getAllProperties(name).flatMap((p) => p.getValues().map((value) => ({ value, params: p.toJSON()[1] as Record<string, unknown> })));
}

function firstText(v: unknown): string {
  if (Array.isArray(v)) return v.map(firstText).find((s) => s) ?? '';
  return typeof v === 'string' ? v.trim() : v == null ? '' : String(v).trim();
}

function isPreferred(params: Record<string, unknown>): boolean {
  const type = params.type;
  const types = (Array.isArray(type) ? type : [type]).map((t) => String(t ?? '').toLowerCase());
  return types.includes('pref') || params.pref === '1' || params.pref === 1;
}

function preferred(c: ICAL.Component, name: string): string | undefined {
  const all = values(c, name).filter((v) => firstText(v.value));
  const pick = all.find((v) => isPreferred(v.params)) ?? all[0];
  return pick ? firstText(pick.value).replace(/^(mailto|tel):/i, '') : undefined;
}

/** Reads one vCard component (2.1 via readVcard21, 3.0 or 4.0) into a contact; undefined with a reason when it has no name. */
export function contactFromVcard(c: ICAL.Component, line: number): ContactRecord | string {
  let name = firstText(c.getFirstPropertyValue('fn'));
  if (!name) {
    const n = c.getFirstProperty('n')?.getValues()[0];
    const parts = Array.isArray(n) ? n.map(firstText) : typeof n === 'string' ? n.split(';').map((s) => s.trim()) : [];
    const [family = '', given = '', additional = '', prefix = '', suffix = ''] = parts;
    name = [prefix, given, additional, family, suffix].filter(Boolean).join(' ');
  }
  if (!name) {
    const org = firstText(c.getFirstPropertyValue('org'));
    if (org) return `it has no name (FN or N), only the organization '${org}'`;
    return 'it has no name (FN or N)';
  }
  const rec: ContactRecord = { line, name, tags: [], organizations: [] };
  const email = preferred(c, 'email');
  if (email) rec.email = email;
  const phone = preferred(c, 'tel');
  if (phone) rec.phone = phone;
  for (const o of c.getAllProperties('org')) {
    const v = o.getValues()[0];
    const first = Array.isArray(v) ? firstText(v[0]) : typeof v === 'string' ? v.split(';')[0]!.trim() : '';
    if (first && !rec.organizations.includes(first)) rec.organizations.push(first);
  }
  const role = firstText(c.getFirstPropertyValue('title')) || firstText(c.getFirstPropertyValue('role'));
  if (role) rec.role = role;
  for (const u of values(c, 'url')) {
    const url = firstText(u.value);
    if (!url) continue;
    if (/linkedin\.com\//i.test(url)) rec.linkedin ??= url;
    else rec.website ??= url;
  }
  const adr = c.getFirstProperty('adr')?.getValues()[0];
  if (Array.isArray(adr)) {
    const loc = [adr[3], adr[4]].map(firstText).filter(Boolean).join(', ');
    if (loc) rec.location = loc;
  }
  const tags = values(c, 'categories').map((v) => firstText(v.value)).filter(Boolean);
  rec.tags = [...new Set(tags)];
  let note = firstText(c.getFirstPropertyValue('note'));
  const m = /(?:^|\n)Last contact: (\d{4}-\d{2}-\d{2})\s*$/.exec(note);
  if (m && parseDate(m[1]!)) {
    rec.lastContact = m[1]!;
    note = note.slice(0, m.index).trim();
  }
  if (note) rec.notes = note;
  return rec;
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a .vcf file of vCard 2.1, 3.0 or 4.0 records (phones, Google Contacts, macOS Contacts,
 * Android and older Outlook exports). Each BEGIN:VCARD … END:VCARD block is read on its own, so
 * one bad record is reported with its line and skipped while the rest still import: 3.0 and 4.0
 * by ical.js, 2.1 by `readVcard21` (vcard21.ts), which gives ical.js the same shape.
 *
 * Given bytes, the file is read as UTF-8 when it is valid UTF-8; otherwise (an 8-bit 2.1 export)
 * each 2.1 value is decoded with its own CHARSET, and 3.0/4.0 records, which must be UTF-8, are
 * read with the bad bytes replaced and a warning.
 */
export function parseVcf(input: string | Uint8Array): ContactParse {
  let text: string;
  let binary = false;
  if (typeof input === 'string') text = input;
  else {
    try {
      text = utf8Strict.decode(input);
    } catch {
      // One character per byte, so 2.1 values can be decoded with their own CHARSET.
      let s = '';
      for (let k = 0; k < input.length; k += 0x8000) s += String.fromCharCode(...input.subarray(k, k + 0x8000));
      text = s;
      binary = true;
    }
  }
  const lines = text.replace(/^\uFEFF|^\xEF\xBB\xBF/, '').split(/\r\n|\n|\r/);
  const contacts: ContactRecord[] = [];
  const problems: RecordProblem[] = [];
  let start = -1;
  let nested = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    if (/^BEGIN:VCARD$/i.test(l)) {
      if (start >= 0 && opensAgent(lines[i - 1] ?? '')) {
        // vCard 2.1's AGENT holds a whole vCard: it belongs to the card around it.
        nested++;
        continue;
      }
      if (start >= 0) problems.push({ line: start + 1, message: 'vCard without END:VCARD before the next BEGIN:VCARD; skipped', skipped: true });
      start = i;
      nested = 0;
    } else if (/^END:VCARD$/i.test(l)) {
      if (nested > 0) {
        nested--;
        continue;
      }
      if (start < 0) {
        problems.push({ line: i + 1, message: 'END:VCARD without BEGIN:VCARD', skipped: false });
        continue;
      }
      const blockLines = lines.slice(start, i + 1);
      const line = start + 1;
      start = -1;
      const version = /^VERSION:\s*(\S+)/im.exec(blockLines.join('\n'))?.[1];
      if (version && version !== '2.1' && version !== '3.0' && version !== '4.0') {
        problems.push({ line, message: `vCard ${version} is not a version this reads (2.1, 3.0 or 4.0); skipped`, skipped: true });
        continue;
      }
      // No VERSION line: an 8-bit card is taken as 2.1, and so is one ical.js cannot read
      // (2.1's bare TEL;CELL: types are what it refuses).
      let as21 = version === '2.1' || (!version && binary);
      let parsed: unknown;
      if (!as21) {
        let block = blockLines.join('\r\n');
        if (binary) {
          block = new TextDecoder('utf-8').decode(Uint8Array.from(block, (ch) => ch.charCodeAt(0)));
          problems.push({ line, message: `vCard ${version} is not valid UTF-8; the bad bytes were replaced`, skipped: false });
        }
        try {
          parsed = ICAL.parse(block);
        } catch (e) {
          if (version) {
            problems.push({ line, message: `unreadable vCard (${e instanceof Error ? e.message : String(e)}); skipped`, skipped: true });
            continue;
          }
          as21 = true;
        }
      }
      if (as21) {
        const read = readVcard21(blockLines, line, binary);
        problems.push(...read.problems);
        const rec = contactFromVcard(new ICAL.Component(read.jcal as unknown as []), line);
        if (typeof rec === 'string') problems.push({ line, message: `${rec}; skipped`, skipped: true });
        else contacts.push(rec);
        continue;
      }
      const comps = (Array.isArray(parsed) && typeof parsed[0] !== 'string' ? parsed : [parsed]) as unknown[];
      for (const jc of comps) {
        const c = new ICAL.Component(jc as unknown as []);
        const rec = contactFromVcard(c, line);
        if (typeof rec === 'string') problems.push({ line, message: `${rec}; skipped`, skipped: true });
        else contacts.push(rec);
      }
    }
  }
  if (start >= 0) problems.push({ line: start + 1, message: 'vCard without END:VCARD at the end of the file; skipped', skipped: true });
  if (contacts.length === 0 && problems.length === 0 && text.trim()) problems.push({ line: 1, message: 'no vCard records (BEGIN:VCARD … END:VCARD) in the file', skipped: false });
  problems.sort((x, y) => x.line - y.line);
  return { contacts, problems };
}

/**
 * vCard 2.1 (the versit format still written by Android's "export to .vcf" and older Outlook).
 *
 * ical.js reads vCard 3.0 and 4.0 but refuses 2.1: 2.1 allows bare parameters (`TEL;CELL;PREF:`),
 * QUOTED-PRINTABLE values whose lines end in soft breaks (`=`), CHARSET= on any value, and raw
 * 8-bit text. This module reads those rules into the same jCal shape ical.js gives for 3.0, so one
 * mapping (`contactFromVcard`) serves every version. Quoted-printable is decoded by the
 * `quoted-printable` package (RFC 2045); the bytes it gives are turned into text with the
 * property's CHARSET through the standard TextDecoder.
 *
 * The rules, as this reader applies them:
 * - A physical line that starts with a space or tab continues the line before it. 2.1 folds the
 *   RFC 822 way (a line break inserted before existing white space), so only the line break is
 *   removed and the white space stays.
 * - A QUOTED-PRINTABLE value whose line ends in `=` goes on on the next physical line (a soft line
 *   break); the decoder removes the `=` and the break.
 * - A parameter without `=` is a type (`CELL`, `WORK`, `PREF`, `INTERNET`), or an encoding when it
 *   names one (`QUOTED-PRINTABLE`, `BASE64`, `8BIT`).
 * - CHARSET= names the bytes' character set (UTF-8, ISO-8859-1, Windows-1252, Shift_JIS, ...).
 *   Without one, quoted-printable bytes are read as UTF-8 when they are valid UTF-8, else as
 *   Windows-1252 (what older Outlook writes); so are raw 8-bit values in a file that is not UTF-8.
 * - In N, ADR and ORG, `;` separates the parts; `\;`, `\,`, `\:` and `\\` stand for the character
 *   itself (as Android's own reader takes them). Any other backslash is kept as written.
 * - An AGENT property's embedded vCard is passed over; binary values (PHOTO, LOGO, SOUND, KEY) are
 *   not read.
 */
import quotedPrintable from 'quoted-printable';
import type { RecordProblem } from './contacts.js';

// A CommonJS module: Node's ESM loader gives it as the default export only.
const decodeQuotedPrintable = quotedPrintable.decode;

/** One jCal property: [name, params, value type, ...values]. */
export type JCalProperty = [string, Record<string, string | string[]>, string, ...unknown[]];

const ENCODINGS = new Set(['quoted-printable', 'base64', 'b', '7bit', '8bit']);
const STRUCTURED = new Set(['n', 'adr', 'org']);
const LIST = new Set(['categories', 'nickname']);
const BINARY = new Set(['photo', 'logo', 'sound', 'key']);

interface RawLine {
  /** The logical line, unfolded (soft breaks still in a quoted-printable value). */
  text: string;
  /** 1-based line of its first physical line in the file. */
  line: number;
}

/** Whether `text` is a property line that opens an embedded vCard (`AGENT:` with no value). */
export function opensAgent(text: string): boolean {
  return /^(?:[\w-]+\.)?AGENT(?:;[^:]*)?:\s*$/i.test(text);
}

/** The parameters of a 2.1 property: lower-case names; bare words become `type` or `encoding`. */
function readParams(parts: string[]): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  const add = (k: string, v: string) => {
    const list = (params[k] ??= []);
    for (const one of v.split(',')) {
      const t = one.trim().replace(/^"(.*)"$/, '$1');
      if (t && !list.includes(t)) list.push(t);
    }
  };
  for (const part of parts) {
    const p = part.trim();
    if (!p) continue;
    const eq = p.indexOf('=');
    if (eq < 0) {
      const word = p.toLowerCase();
      add(ENCODINGS.has(word) ? 'encoding' : 'type', ENCODINGS.has(word) ? word : p);
    } else {
      const k = p.slice(0, eq).trim().toLowerCase();
      const v = p.slice(eq + 1);
      add(k, k === 'encoding' || k === 'charset' ? v.toLowerCase() : v);
    }
  }
  return params;
}

/** Splits `name;params:value` at the first `:` (2.1 parameters hold no colons). */
function splitProperty(text: string): { group?: string; name: string; params: Record<string, string[]>; value: string } | undefined {
  const colon = text.indexOf(':');
  if (colon <= 0) return undefined;
  const head = text.slice(0, colon).split(';');
  let name = head[0]!.trim();
  let group: string | undefined;
  const dot = name.lastIndexOf('.');
  if (dot >= 0) {
    group = name.slice(0, dot);
    name = name.slice(dot + 1);
  }
  if (!/^[A-Za-z0-9-]+$/.test(name)) return undefined;
  return { ...(group ? { group } : {}), name: name.toLowerCase(), params: readParams(head.slice(1)), value: text.slice(colon + 1) };
}

/** A string of char codes 0–255 (one per byte) → bytes; other characters as their UTF-8 bytes. */
function bytesOf(s: string): Uint8Array {
  const out: number[] = [];
  const enc = new TextEncoder();
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (c <= 0xff) out.push(c);
    else out.push(...enc.encode(ch));
  }
  return Uint8Array.from(out);
}

const utf8Strict = new TextDecoder('utf-8', { fatal: true });

// Windows-1252's characters at 0x80–0x9F. The Encoding standard maps the labels windows-1252,
// iso-8859-1, latin1 and ascii to Windows-1252, but Node 20's TextDecoder decodes them as
// ISO-8859-1 (0x93 becomes the control character U+0093, not “); this puts the right ones back.
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

function decodeWith(charset: string, bytes: Uint8Array): string {
  const d = new TextDecoder(charset);
  const text = d.decode(bytes);
  return d.encoding === 'windows-1252' ? text.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!) : text;
}

/** Bytes → text in a charset; undefined when the charset is not one TextDecoder knows. */
function decodeBytes(bytes: Uint8Array, charset: string | undefined): string | undefined {
  if (!charset) {
    try {
      return utf8Strict.decode(bytes);
    } catch {
      return decodeWith('windows-1252', bytes);
    }
  }
  try {
    return decodeWith(charset, bytes);
  } catch {
    return undefined;
  }
}

/** `\;` `\,` `\:` `\\` → the character; other backslashes stay. */
function unescape21(s: string): string {
  return s.replace(/\\([;,:\\])/g, '$1');
}

/** Splits at every `;` not escaped by a backslash. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (c === sep) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * The logical lines of one vCard 2.1 block (its BEGIN and END lines included), unfolded, with
 * quoted-printable soft breaks joined and AGENT's embedded vCards left out.
 */
function logicalLines(lines: string[], firstLine: number): RawLine[] {
  const out: RawLine[] = [];
  let agentDepth = 0;
  for (let i = 0; i < lines.length; i++) {
    const physical = lines[i]!;
    if (agentDepth > 0) {
      if (/^\s*BEGIN:VCARD\s*$/i.test(physical)) agentDepth++;
      else if (/^\s*END:VCARD\s*$/i.test(physical)) agentDepth--;
      continue;
    }
    if (physical.trim() === '') continue;
    if (/^[ \t]/.test(physical) && out.length > 0 && !/^\s*(BEGIN|END):VCARD\s*$/i.test(physical)) {
      out[out.length - 1]!.text += physical;
      continue;
    }
    const entry: RawLine = { text: physical, line: firstLine + i };
    const prop = splitProperty(physical);
    if (prop?.params.encoding?.includes('quoted-printable')) {
      // Soft line breaks: a value line ending in `=` goes on on the next line.
      while (/=$/.test(entry.text) && i + 1 < lines.length && !/^\s*END:VCARD\s*$/i.test(lines[i + 1]!)) {
        i++;
        entry.text += `\r\n${lines[i]!}`;
      }
    }
    if (opensAgent(entry.text) && i + 1 < lines.length && /^\s*BEGIN:VCARD\s*$/i.test(lines[i + 1]!)) {
      agentDepth = 1;
      i++;
      continue;
    }
    out.push(entry);
  }
  return out;
}

export interface Vcard21Read {
  /** jCal of the card (`['vcard', properties, []]`), ready for `new ICAL.Component(...)`. */
  jcal: ['vcard', JCalProperty[], []];
  /** Values that could not be read as written (an unknown CHARSET): the card still imports. */
  problems: RecordProblem[];
}

/**
 * Reads one vCard 2.1 block (its physical lines, BEGIN:VCARD to END:VCARD) into jCal.
 * `binary`: the file was not UTF-8, so each character of `lines` is one byte of the file, and
 * values without quoted-printable are decoded with their CHARSET (default Windows-1252).
 */
export function readVcard21(lines: string[], firstLine: number, binary = false): Vcard21Read {
  const props: JCalProperty[] = [];
  const problems: RecordProblem[] = [];
  for (const raw of logicalLines(lines, firstLine)) {
    if (/^\s*(BEGIN|END):VCARD\s*$/i.test(raw.text)) continue;
    const prop = splitProperty(raw.text);
    if (!prop) {
      problems.push({ line: raw.line, message: `not a vCard property line: '${raw.text.slice(0, 40)}'`, skipped: false });
      continue;
    }
    const { name, params } = prop;
    if (BINARY.has(name) || name === 'agent') continue;
    const encoding = params.encoding?.[0];
    if (encoding === 'base64' || encoding === 'b') continue;
    const charset = params.charset?.[0];
    let value: string | undefined = prop.value;
    if (encoding === 'quoted-printable') value = decodeBytes(bytesOf(decodeQuotedPrintable(value)), charset);
    else if (binary) value = decodeBytes(bytesOf(value), charset ?? 'windows-1252');
    if (value === undefined) {
      problems.push({ line: raw.line, message: `${name.toUpperCase()}: unknown CHARSET '${charset}'; read as UTF-8`, skipped: false });
      value = decodeBytes(bytesOf(encoding === 'quoted-printable' ? decodeQuotedPrintable(prop.value) : prop.value), 'utf-8')!;
    }
    const jparams: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(params)) {
      if (k === 'encoding' || k === 'charset') continue;
      const vs = k === 'type' ? v.map((t) => t.toLowerCase()) : v;
      jparams[k] = vs.length === 1 ? vs[0]! : vs;
    }
    if (prop.group) jparams.group = prop.group;
    if (STRUCTURED.has(name)) {
      props.push([name, jparams, 'text', splitUnescaped(value, ';').map(unescape21)]);
    } else if (LIST.has(name)) {
      props.push([name, jparams, 'text', ...splitUnescaped(value, ',').map((s) => unescape21(s).trim()).filter(Boolean)]);
    } else {
      props.push([name, jparams, 'text', unescape21(value)]);
    }
  }
  return { jcal: ['vcard', props, []], problems };
}

import { parseDocument, isMap, isSeq, isScalar, isAlias, isPair, type Node as YamlNode, type Document } from 'yaml';
import type { Problem } from './diagnostics.js';
import { intern, type LineIndex, type Range } from './text.js';

/** A JSON-like value read from YAML. Objects have no prototype, so `__proto__` is just a key. */
export type PlainValue = string | number | boolean | null | PlainValue[] | { [key: string]: PlainValue };

export interface FieldItem {
  value: PlainValue;
  range: Range;
}

export interface FrontmatterField {
  key: string;
  value: PlainValue;
  keyRange: Range;
  /** The value's source range (quotes included); an empty range after the colon when there is no value. */
  valueRange: Range;
  /** For a list value, each item with its range. */
  items?: FieldItem[];
}

export interface Frontmatter {
  /** Whether the note opens with a frontmatter fence. */
  present: boolean;
  /** Offsets of the whole block, fences included; [0, 0] when absent. */
  start: number;
  end: number;
  /** Offsets of the YAML text between the fences. */
  contentStart: number;
  contentEnd: number;
  fields: FrontmatterField[];
}

const MAX_DEPTH = 64;
const MAX_ALIASES = 100;

/** Finds the frontmatter block at the top of a note. Never throws. */
export function splitFrontmatter(text: string): { start: number; contentStart: number; contentEnd: number; end: number; lang: string; closed: boolean } | undefined {
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (text.charCodeAt(pos) !== 45 /* - */) return undefined; // the fence is `---` from the first column
  const firstEnd = lineEndAt(text, pos);
  const first = trimSpaceTab(text.slice(pos, firstEnd));
  const m = /^---([A-Za-z]*)$/.exec(first);
  if (!m) return undefined;
  const start = pos;
  pos = nextLineStart(text, firstEnd);
  const contentStart = pos;
  // Without carriage returns, line ends are found by the native search.
  const lfOnly = text.indexOf('\r') < 0;
  while (pos < text.length) {
    let e: number;
    if (lfOnly) {
      e = text.indexOf('\n', pos);
      if (e < 0) e = text.length;
    } else e = lineEndAt(text, pos);
    // Only a line starting with `-` or `.` can close the block.
    const c = text.charCodeAt(pos);
    const line = c === 45 || c === 46 ? trimSpaceTab(text.slice(pos, e)) : '';
    if (line === '---' || line === '...') {
      return { start, contentStart, contentEnd: pos, end: e, lang: m[1]!.toLowerCase(), closed: true };
    }
    pos = nextLineStart(text, e);
  }
  return { start, contentStart, contentEnd: text.length, end: firstEnd, lang: m[1]!.toLowerCase(), closed: false };
}

/** Drops trailing spaces and tabs. A loop: `/[ \t]+$/` is quadratic on long runs of spaces. */
function trimSpaceTab(s: string): string {
  let e = s.length;
  while (e > 0 && (s.charCodeAt(e - 1) === 32 || s.charCodeAt(e - 1) === 9)) e--;
  return e === s.length ? s : s.slice(0, e);
}

function lineEndAt(text: string, pos: number): number {
  let i = pos;
  while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
  return i;
}

function nextLineStart(text: string, lineEnd: number): number {
  if (text.charCodeAt(lineEnd) === 13 && text.charCodeAt(lineEnd + 1) === 10) return lineEnd + 2;
  return Math.min(text.length, lineEnd + 1);
}

/**
 * Reads the frontmatter as YAML 1.2 data, with the core schema (dates stay strings), no custom
 * tags and no code: a `---js` or `---coffee` block is reported, never evaluated.
 */
export function parseFrontmatter(text: string, lines: LineIndex, problems: Problem[]): Frontmatter {
  const none: Frontmatter = { present: false, start: 0, end: 0, contentStart: 0, contentEnd: 0, fields: [] };
  const block = splitFrontmatter(text);
  if (!block) return none;
  const fm: Frontmatter = { present: true, start: block.start, end: block.end, contentStart: block.contentStart, contentEnd: block.contentEnd, fields: [] };
  if (!block.closed) {
    problems.push({
      code: 'invalid-frontmatter',
      message: 'Frontmatter opened with --- is never closed: add a line with --- after the fields.',
      range: lines.range(block.start, block.end),
    });
    return { ...fm, present: false, end: 0, contentStart: 0, contentEnd: 0 };
  }
  if (block.lang !== '' && block.lang !== 'yaml' && block.lang !== 'yml') {
    problems.push({
      code: 'invalid-frontmatter',
      message: `Frontmatter in '${block.lang}' is not supported: Rapport reads YAML only and never runs code in notes. Use a plain --- fence.`,
      range: lines.range(block.start, lineEndAt(text, block.start)),
    });
    return fm;
  }
  const fields = readYamlFields(text.slice(block.contentStart, block.contentEnd), block.contentStart, lines, problems, 'Frontmatter', 'invalid-frontmatter');
  if (fields) fm.fields = fields;
  return fm;
}

/**
 * Reads a YAML mapping (frontmatter or rapport.yaml) into fields with exact ranges. `base` is the
 * offset of `src` in the file. Returns undefined (with problems) when it is not valid YAML fields.
 */
export function readYamlFields(
  src: string,
  base: number,
  lines: LineIndex,
  problems: Problem[],
  what: string,
  code: Problem['code'],
): FrontmatterField[] | undefined {
  if (src.trim() === '') return [];
  const deep = tooDeep(src);
  if (deep !== undefined) {
    problems.push({ code, message: `${what} is nested more than ${MAX_DEPTH} levels deep; Rapport does not read it.`, range: lines.range(base + deep, base + deep + 1) });
    return undefined;
  }
  let doc: Document.Parsed;
  try {
    // uniqueKeys is checked below with a Set: the library's check compares every pair of keys,
    // which takes minutes on a frontmatter with 100k keys.
    // A lone CR is a line break in YAML 1.2 (and for LineIndex), not for the library: as LF it
    // reads the same at the same offsets.
    const text = src.includes('\r') ? src.replace(/\r(?!\n)/g, '\n') : src;
    doc = parseDocument(text, { version: '1.2', schema: 'core', uniqueKeys: false, prettyErrors: false, keepSourceTokens: false, customTags: [] });
  } catch (e) {
    problems.push({ code, message: `${what} could not be read: ${errorText(e)}`, range: lines.range(base, base + src.length) });
    return undefined;
  }
  if (doc.errors.length > 0) {
    for (const err of doc.errors.slice(0, 5)) {
      const [s, e] = err.pos;
      problems.push({ code, message: `Invalid YAML: ${firstLine(err.message)}`, range: lines.range(base + s, base + Math.max(e, s + 1)) });
    }
    return undefined;
  }
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return [];
  if (!isMap(contents)) {
    const kind = isSeq(contents) ? 'a list' : 'a single value';
    problems.push({ code, message: `${what} must be fields (key: value), but it is ${kind}.`, range: rangeOf(contents, base, lines) });
    return undefined;
  }
  const dupes: YamlNode[] = [];
  const seen = new Set<string>();
  for (const pair of contents.items) {
    const k = pair.key as YamlNode | null;
    if (!k || !isScalar(k)) continue;
    const name = String(k.value);
    if (seen.has(name)) dupes.push(k);
    else seen.add(name);
  }
  if (dupes.length > 0) {
    for (const k of dupes.slice(0, 5)) problems.push({ code, message: `Invalid YAML: Map keys must be unique ('${String((k as { value?: unknown }).value)}' appears twice).`, range: rangeOf(k, base, lines) });
    return undefined;
  }
  const fields: FrontmatterField[] = [];
  const aliasBudget = { left: MAX_ALIASES };
  for (const pair of contents.items) {
    if (!isPair(pair)) continue;
    const keyNode = pair.key as YamlNode | null;
    if (!keyNode || !isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
      problems.push({ code, message: 'A field name must be plain text.', range: keyNode ? rangeOf(keyNode, base, lines) : lines.range(base, base) });
      continue;
    }
    const key = intern(String(keyNode.value));
    const keyRange = rangeOf(keyNode, base, lines);
    const valueNode = pair.value as YamlNode | null;
    let value: PlainValue = null;
    try {
      value = valueNode ? toPlain(valueNode, doc, 0, aliasBudget) : null;
    } catch (e) {
      problems.push({ code, message: `Field '${key}' could not be read: ${errorText(e)}`, range: valueNode ? rangeOf(valueNode, base, lines) : keyRange });
      continue;
    }
    const field: FrontmatterField = {
      key,
      value,
      keyRange,
      valueRange: valueNode?.range ? rangeOf(valueNode, base, lines) : { start: keyRange.end, end: keyRange.end },
    };
    if (valueNode && isSeq(valueNode)) {
      field.items = [];
      for (const item of valueNode.items) {
        const n = item as YamlNode;
        if (!n || !n.range) continue;
        try {
          field.items.push({ value: toPlain(n, doc, 0, aliasBudget), range: rangeOf(n, base, lines) });
        } catch {
          /* reported above through the field */
        }
      }
    }
    fields.push(field);
  }
  return fields;
}

function toPlain(node: unknown, doc: Document.Parsed, depth: number, budget: { left: number }): PlainValue {
  if (depth > MAX_DEPTH) throw new Error(`nesting deeper than ${MAX_DEPTH} levels`);
  if (isAlias(node)) {
    if (--budget.left < 0) throw new Error('too many aliases (a YAML alias bomb?)');
    return toPlain(node.resolve(doc), doc, depth + 1, budget);
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : String(node.source ?? v);
    if (typeof v === 'bigint') return String(v);
    return String(v);
  }
  if (isSeq(node)) return node.items.map((i) => toPlain(i, doc, depth + 1, budget));
  if (isMap(node)) {
    const out = Object.create(null) as { [key: string]: PlainValue };
    for (const p of node.items) {
      const k = isScalar(p.key) ? String(p.key.value) : String(p.key);
      if (k in out) throw new Error(`the key '${k}' appears twice`);
      out[k] = toPlain(p.value, doc, depth + 1, budget);
    }
    return out;
  }
  return null;
}

/**
 * Offset where the YAML text first nests deeper than MAX_DEPTH (flow brackets, or block
 * indentation of more than two columns a level), else undefined. A cheap linear guard: the YAML
 * library recurses per level (5,000 levels overflow the stack) and deep block nesting makes
 * quadratic input. Brackets inside quoted strings count too; no real note nests 64 deep.
 */
function tooDeep(src: string): number | undefined {
  let flow = 0;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (c === 10 || c === 13) {
      lineStart = true;
      indent = 0;
      continue;
    }
    if (lineStart) {
      if (c === 32 || c === 9 || (c === 45 && (src.charCodeAt(i + 1) === 32 || src.charCodeAt(i + 1) === 9))) {
        // spaces and `- ` sequence markers make block nesting
        indent += c === 9 ? 4 : 1;
        if (indent > 2 * MAX_DEPTH) return i;
        continue;
      }
      lineStart = false;
    }
    if (c === 91 || c === 123) {
      if (++flow > MAX_DEPTH) return i;
    } else if ((c === 93 || c === 125) && flow > 0) flow--;
  }
  return undefined;
}

function rangeOf(node: YamlNode, base: number, lines: LineIndex): Range {
  const r = node.range;
  if (!r) return lines.range(base, base);
  return lines.range(base + r[0], base + r[1]);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.trim();
}

function errorText(e: unknown): string {
  if (e instanceof RangeError) return 'it is nested too deeply';
  return e instanceof Error ? firstLine(e.message) : String(e);
}

export function getField(fm: Frontmatter, key: string): FrontmatterField | undefined {
  return fm.fields.find((f) => f.key === key);
}

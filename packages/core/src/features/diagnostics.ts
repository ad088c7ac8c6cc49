/** Diagnostics per note for editors: the analysis's diagnostics with the editor's severity overrides. */
import type { Analysis } from '../analysis.js';
import type { CalendarDate } from '../dates.js';
import { DIAGNOSTIC_CODES, isDiagnosticCode, resolveSeverity, type Diagnostic, type Severity, type SeverityOverrides } from '../diagnostics.js';
import { CONFIG_FILE } from '../config.js';
import type { Workspace } from '../workspace.js';

const LEVELS = ['error', 'warning', 'information', 'hint', 'off'];

/** Reads a settings object `{ code: severity }`, keeping only known codes and levels. */
export function readSeveritySettings(v: unknown): SeverityOverrides {
  const out: SeverityOverrides = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
    if (isDiagnosticCode(k) && typeof s === 'string' && LEVELS.includes(s)) out[k] = s as Severity | 'off';
  }
  return out;
}

/**
 * Every diagnostic grouped by path (every note has an entry, empty when clean). `overrides`
 * (the editor's settings) win over rapport.yaml's `severity`, which wins over the defaults.
 * With `only`, just those paths (e.g. `Analysis.affectedSince`'s answer after an edit).
 */
export function diagnosticsByPath(a: Analysis, today: CalendarDate, overrides: SeverityOverrides = {}, only?: ReadonlySet<string>): Map<string, Diagnostic[]> {
  const cfg = a.ws.config;
  const saved = cfg.severity;
  // Ask for every code (none off), then apply the merged levels here.
  const all: SeverityOverrides = {};
  for (const c of DIAGNOSTIC_CODES) all[c] = 'hint';
  const merged: SeverityOverrides = { ...saved, ...overrides };
  let list: Diagnostic[];
  cfg.severity = all;
  try {
    list = a.diagnostics(today, only);
  } finally {
    cfg.severity = saved;
  }
  const out = new Map<string, Diagnostic[]>();
  if (only) {
    for (const p of only) if (a.ws.notes.has(p)) out.set(p, []);
  } else for (const p of a.ws.notes.keys()) out.set(p, []);
  for (const d of list) {
    const level = merged[d.code] ?? defaultLevel(d.code);
    if (level === 'off') continue;
    const l = out.get(d.path) ?? [];
    // Object.assign, not a spread: V8 gives each object spread then extended its own hidden class.
    l.push(Object.assign({}, d, { severity: level }));
    out.set(d.path, l);
  }
  return out;
}

/**
 * The problems of rapport.yaml itself, as diagnostics on that file, at the levels the notes' get:
 * `overrides` (the editor's settings) over the config's own `severity` over the defaults (so an
 * unknown key, `unknown-field`, is off unless asked for, as the note format says).
 */
export function configDiagnostics(ws: Workspace, overrides: SeverityOverrides = {}): Diagnostic[] {
  const levels: SeverityOverrides = { ...ws.config.severity, ...overrides };
  const out: Diagnostic[] = [];
  for (const p of ws.configProblems) {
    const level = resolveSeverity(p.code, levels);
    if (level !== 'off') out.push({ ...p, path: CONFIG_FILE, severity: level });
  }
  return out;
}

import { DEFAULT_SEVERITY } from '../diagnostics.js';
function defaultLevel(code: Diagnostic['code']): Severity | 'off' {
  return DEFAULT_SEVERITY[code];
}

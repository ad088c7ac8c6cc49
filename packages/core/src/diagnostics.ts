import type { Range } from './text.js';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export const DIAGNOSTIC_CODES = [
  'overdue',
  'due-today',
  'upcoming',
  'broken-link',
  'ambiguous-link',
  'duplicate-entity',
  'invalid-frontmatter',
  'invalid-date',
  'invalid-value',
  'unknown-field',
  'unreadable-file',
] as const;
export type DiagnosticCode = (typeof DIAGNOSTIC_CODES)[number];

/** Default severity of each code; `off` means not reported unless the config turns it on. */
export const DEFAULT_SEVERITY: Record<DiagnosticCode, Severity | 'off'> = {
  overdue: 'warning',
  'due-today': 'information',
  upcoming: 'hint',
  'broken-link': 'warning',
  'ambiguous-link': 'warning',
  'duplicate-entity': 'warning',
  'invalid-frontmatter': 'error',
  'invalid-date': 'error',
  'invalid-value': 'error',
  'unknown-field': 'off',
  'unreadable-file': 'error',
};

export type SeverityOverrides = Partial<Record<DiagnosticCode, Severity | 'off'>>;

/** A problem found while parsing one note, before severities are applied. */
export interface Problem {
  code: DiagnosticCode;
  message: string;
  range: Range;
  /** Extra facts for code actions (e.g. the suggested date). */
  data?: Record<string, unknown>;
}

export interface Diagnostic extends Problem {
  /** Workspace-relative path with `/` separators. */
  path: string;
  severity: Severity;
}

export function resolveSeverity(code: DiagnosticCode, overrides: SeverityOverrides | undefined): Severity | 'off' {
  return overrides?.[code] ?? DEFAULT_SEVERITY[code];
}

const SEVERITIES: readonly string[] = ['error', 'warning', 'information', 'hint'] satisfies Severity[];

/**
 * Whether a value read back from outside the program (a cache file) has a Diagnostic's shape: a
 * known code and severity, a path, a message and a range of numbers.
 */
export function isDiagnostic(x: unknown): x is Diagnostic {
  const d = x as Partial<Diagnostic> | null;
  const pos = (p: unknown) => !!p && typeof (p as { line?: unknown }).line === 'number' && typeof (p as { character?: unknown }).character === 'number';
  return (
    !!d && typeof d === 'object' && typeof d.path === 'string' && typeof d.code === 'string' && isDiagnosticCode(d.code) &&
    typeof d.message === 'string' && typeof d.severity === 'string' && SEVERITIES.includes(d.severity) && !!d.range && pos(d.range.start) && pos(d.range.end)
  );
}

export function isDiagnosticCode(s: string): s is DiagnosticCode {
  return (DIAGNOSTIC_CODES as readonly string[]).includes(s);
}

import { describe, expect, it } from 'vitest';
import { isDiagnostic } from './diagnostics.js';

describe('isDiagnostic (values read back from a cache)', () => {
  const good = { path: 'people/a.md', code: 'overdue', severity: 'warning', message: 'Late', range: { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } } };

  it('accepts a diagnostic, with or without data', () => {
    expect(isDiagnostic(good)).toBe(true);
    expect(isDiagnostic({ ...good, data: { date: '2026-11-25' } })).toBe(true);
  });

  it('refuses anything else: unknown code or severity, a missing part, a range of strings', () => {
    const bad: unknown[] = [
      null,
      'overdue',
      { ...good, code: 'made-up' },
      { ...good, severity: 'fatal' },
      { ...good, path: undefined },
      { ...good, message: 3 },
      { ...good, range: undefined },
      { ...good, range: { start: { line: '1', character: 0 }, end: { line: 1, character: 4 } } },
      { ...good, range: { start: { line: 1, character: 0 } } },
    ];
    for (const b of bad) expect(isDiagnostic(b), JSON.stringify(b)).toBe(false);
  });
});

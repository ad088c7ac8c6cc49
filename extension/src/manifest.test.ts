import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Commands } from '@rapport/language-server/protocol';

const ext = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ext, 'package.json'), 'utf8'));
const source = readdirSync(join(ext, 'src'))
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
  .map((f) => readFileSync(join(ext, 'src', f), 'utf8'))
  .join('\n');
const registered = [...source.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]!);
const contributed: { command: string; title: string; category?: string }[] = pkg.contributes.commands;
const contributedIds = new Set(contributed.map((c) => c.command));

describe('extension manifest', () => {
  it('never reuses a server command id (the language client registers those itself)', () => {
    const server = new Set<string>(Object.values(Commands));
    expect(registered.filter((c) => server.has(c))).toEqual([]);
    expect([...contributedIds].filter((c) => server.has(c))).toEqual([]);
  });

  it('sends the person code lens command (a server command) through serverCommand, so the note is saved', () => {
    expect(Commands.personActions).toBe('rapport.personActions');
    expect(source).toMatch(/executeCommand: \(command, args, next\) => \{[^}]*command === Commands\.personActions \? serverCommand\(/);
  });

  it('contributes every command it registers, all in the Rapport category', () => {
    const own = registered.filter((c) => c !== 'rapport.open');
    expect(own.filter((c) => !contributedIds.has(c))).toEqual([]);
    expect(contributed.filter((c) => c.category !== 'Rapport').map((c) => c.command)).toEqual([]);
    expect(contributed.filter((c) => !registered.includes(c.command)).map((c) => c.command)).toEqual([]);
  });

  it('has menus that only name contributed commands and views that exist', () => {
    const views = new Set<string>(Object.values(pkg.contributes.views).flat().map((v) => (v as { id: string }).id));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus) as [string, { command: string; when?: string }[]][]) {
      for (const e of entries) {
        expect(contributedIds.has(e.command), `${menu}: ${e.command}`).toBe(true);
        for (const m of e.when?.matchAll(/view == ([\w.]+)/g) ?? []) expect(views.has(m[1]!), `${menu}: ${m[1]}`).toBe(true);
      }
    }
    expect([...views]).toEqual(['rapport.followUps', 'rapport.contacts', 'rapport.programs', 'rapport.events']);
  });

  it('declares what VS Code and vsce need', () => {
    expect(pkg.name).toBe('rapport-vscode');
    expect(pkg.displayName).toBe('Rapport — networking notes');
    expect(pkg.engines.vscode).toBe('^1.91.0');
    expect(pkg.main).toBe('./dist/extension.js');
    expect(pkg.capabilities.untrustedWorkspaces).toEqual({ supported: true });
    expect(pkg.activationEvents).toContain('workspaceContains:rapport.yaml');
    expect(pkg.activationEvents).toContain('workspaceContains:people/*.md');
    expect(pkg.license).toBe('MIT');
    // vsce cannot read pnpm's node_modules: everything is bundled, nothing is a runtime dependency.
    expect(pkg.dependencies).toBeUndefined();
  });

  it('documents every setting, and offers every diagnostic severity', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string; properties?: object }>;
    expect(Object.keys(props)).toEqual(['rapport.upcoming', 'rapport.severity', 'rapport.templatesFolder', 'rapport.timezone', 'rapport.trace.server']);
    for (const [k, v] of Object.entries(props)) expect(v.description ?? v.markdownDescription, k).toBeTruthy();
    expect(Object.keys(props['rapport.severity']!.properties!)).toEqual([
      'overdue', 'due-today', 'upcoming', 'broken-link', 'ambiguous-link', 'duplicate-entity',
      'invalid-frontmatter', 'invalid-date', 'invalid-value', 'unknown-field',
    ]);
  });

  it('ships snippets that parse and walkthrough media that exist', () => {
    const snippets = JSON.parse(readFileSync(join(ext, 'snippets', 'rapport.json'), 'utf8')) as Record<string, { prefix: string[]; body: string[] }>;
    const prefixes = Object.values(snippets).flatMap((s) => s.prefix);
    for (const p of ['rapport-person', 'rapport-organization', 'rapport-program', 'rapport-event', 'rapport-log', 'rapport-task']) expect(prefixes).toContain(p);
    for (const w of pkg.contributes.walkthroughs) for (const s of w.steps) expect(() => readFileSync(join(ext, s.media.markdown))).not.toThrow();
  });
});

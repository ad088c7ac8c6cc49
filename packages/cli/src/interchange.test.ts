/**
 * End-to-end tests of `rapport report`, `warm`, `export` and `import`: each spawns the real
 * bin/rapport.js on a temporary folder (or the example network) and reads what it printed or wrote.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse as parseCsv } from 'csv-parse/sync';
import ICAL from 'ical.js';
import { applyPlan } from './import.js';
import { BIN, exists, fixtureWorkspace, hasStackTrace, listFiles, read, run, tempWorkspace } from './test-helpers.js';

const EXAMPLE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../examples/residency-network');

const SMALL = `
  //- rapport.yaml
  today: 2026-11-25
  //- people/jane-smith.md
  ---
  name: Dr. Jane Smith
  role: Program Director
  organization: "[[Hilltop Hospital]]"
  email: jane@hilltop.example.org
  phone: "+1 555 0100"
  mentor: [career]
  last_contact: 2026-10-01
  follow_up: 2026-11-20
  next_action: Send CV
  ---
  //- people/ray-resident.md
  ---
  name: Ray Resident
  organization: "[[Hilltop Psychiatry]]"
  ---
  //- organizations/hilltop-hospital.md
  ---
  name: Hilltop Hospital
  ---
  //- programs/hilltop-psychiatry.md
  ---
  name: Hilltop Psychiatry
  organization: "[[Hilltop Hospital]]"
  stage: target
  ---
  //- organizations/far-away.md
  ---
  name: Far Away Clinic
  ---
`;

describe('rapport report', () => {
  it('prints the Markdown report of the example network, the same as the snapshot core keeps', () => {
    const r = run(['report', EXAMPLE, '--graph-nodes', '25']);
    expect(r.code, r.stderr).toBe(0);
    const snapshot = fs.readFileSync(path.resolve(EXAMPLE, '../../packages/core/src/__snapshots__/residency-network.report.md'), 'utf8');
    expect(r.stdout).toBe(snapshot);
  });

  it('writes a self-contained HTML file with --out and --format html', () => {
    const dir = fixtureWorkspace(SMALL);
    const r = run(['report', '--format', 'html', '--out', 'out/report.html', '--today', '2026-11-25'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('Wrote out/report.html\n');
    const html = read(dir, 'out/report.html');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('Dr. Jane Smith');
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('rejects a bad --format or --graph-nodes as usage errors', () => {
    for (const args of [['report', '--format', 'pdf'], ['report', '--graph-nodes', 'many'], ['report', '--graph-nodes', '0']]) {
      const r = run(args, { cwd: fixtureWorkspace(SMALL) });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^rapport: /);
      expect(hasStackTrace(r.stderr)).toBe(false);
    }
  });
});

describe('rapport warm', () => {
  it('prints the ranked paths, and JSON in the documented shape', () => {
    const dir = fixtureWorkspace(SMALL);
    const text = run(['warm', 'Ray Resident'], { cwd: dir });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toBe(
      'Warm paths to Ray Resident (person)\n\n 1. [4 steps] Dr. Jane Smith (last contact 2026-10-01) → via works-at → Hilltop Hospital → via part-of → Hilltop Psychiatry → via works-at → Ray Resident\n',
    );
    const json = run(['warm', 'ray-resident', '--json', '--dir', dir]);
    expect(JSON.parse(json.stdout)).toEqual({
      target: 'ray-resident',
      paths: [
        {
          length: 4,
          steps: [
            { entity: 'jane-smith', via: 'knows' },
            { entity: 'hilltop-hospital', via: 'works-at' },
            { entity: 'hilltop-psychiatry', via: 'part-of' },
            { entity: 'ray-resident', via: 'works-at' },
          ],
          lastContact: '2026-10-01',
        },
      ],
    });
  });

  it('exits 1 with a clear line when there is no path, and 2 for an unknown target', () => {
    const dir = fixtureWorkspace(SMALL);
    const none = run(['warm', 'Far Away Clinic', '--json'], { cwd: dir });
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout)).toEqual({ target: 'far-away', paths: [] });
    expect(run(['warm', 'Far Away Clinic'], { cwd: dir }).stdout).toContain('No path from anyone you know');
    const unknown = run(['warm', 'Nobody At All'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^rapport: no note is named 'Nobody At All'/);
  });

  it('finds paths on the example network', () => {
    const r = run(['warm', 'Northfield Psychiatry Residency', EXAMPLE, '--json', '--limit', '2']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.target).toBe('northfield-psychiatry');
    expect(out.paths).toHaveLength(2);
    expect(out.paths[0].steps[0]).toEqual({ entity: 'kevin-brandt', via: 'knows' });
  });
});

describe('rapport export', () => {
  it('csv: RFC 4180 rows that csv-parse reads back, with a BOM on request', () => {
    const dir = fixtureWorkspace(SMALL);
    const r = run(['export', 'csv', '--bom'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.charCodeAt(0)).toBe(0xfeff);
    const rows = parseCsv(r.stdout, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.map((x) => [x.Name, x.Organization, x['Last contact'], x['Next action'], x['Follow-up'], x.Mentor, x.Email])).toEqual([
      ['Dr. Jane Smith', 'Hilltop Hospital', '2026-10-01', 'Send CV', '2026-11-20', 'career', 'jane@hilltop.example.org'],
      ['Ray Resident', 'Hilltop Psychiatry', '', '', '', '', ''],
    ]);
  });

  it('ics: to-dos (or events) that ical.js reads, the same bytes on every run', () => {
    const dir = fixtureWorkspace(SMALL);
    const one = run(['export', 'ics', '--out', 'f.ics'], { cwd: dir });
    expect(one.code, one.stderr).toBe(0);
    const cal = new ICAL.Component(ICAL.parse(read(dir, 'f.ics')) as unknown as []);
    const todos = cal.getAllSubcomponents('vtodo');
    expect(todos.map((t) => [t.getFirstPropertyValue('uid'), String(t.getFirstPropertyValue('due'))])).toEqual([['next-action:jane-smith@rapport', '2026-11-20']]);
    expect(run(['export', 'ics'], { cwd: dir }).stdout).toBe(read(dir, 'f.ics'));
    const events = new ICAL.Component(ICAL.parse(run(['export', 'ics', '--events'], { cwd: dir }).stdout) as unknown as []);
    expect(events.getAllSubcomponents('vevent')).toHaveLength(1);
  });

  it('vcf and json', () => {
    const dir = fixtureWorkspace(SMALL);
    const vcf = run(['export', 'vcf'], { cwd: dir }).stdout;
    const cards = (ICAL.parse(vcf) as unknown as unknown[]).map((j) => new ICAL.Component(j as []));
    expect(cards.map((c) => c.getFirstPropertyValue('fn'))).toEqual(['Dr. Jane Smith', 'Ray Resident']);
    expect(cards[0]!.getFirstPropertyValue('email')).toBe('jane@hilltop.example.org');
    const json = JSON.parse(run(['export', 'json'], { cwd: dir }).stdout);
    expect(json.nodes).toHaveLength(5);
    expect(json.followUps[0]).toMatchObject({ kind: 'next-action', entity: 'jane-smith', status: 'overdue' });
  });

  it('rejects an unknown format', () => {
    const r = run(['export', 'xlsx'], { cwd: fixtureWorkspace(SMALL) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rapport: .*xlsx/);
  });
});

describe('rapport import', () => {
  const VCF = [
    'BEGIN:VCARD', 'VERSION:3.0', 'FN:Maria Lopez', 'EMAIL;TYPE=INTERNET:maria@example.org', 'ORG:Hilltop Hospital;', 'TITLE:Attending', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:3.0', 'N:;;;;', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:4.0', 'FN:Jane Smith Again', 'EMAIL:JANE@hilltop.example.org', 'TITLE:Chair', 'URL:https://jane.example.org', 'END:VCARD',
    'BEGIN:VCARD', 'VERSION:4.0', 'FN:../../escape', 'END:VCARD',
    '',
  ].join('\r\n');

  it('--dry-run prints the plan and writes nothing', () => {
    const dir = fixtureWorkspace(SMALL);
    fs.writeFileSync(path.join(dir, 'c.vcf'), VCF);
    const before = listFiles(dir);
    const r = run(['import', 'vcf', 'c.vcf', '--dry-run'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'line 1: would create people/maria-lopez.md (name, role, organization, email)',
        'line 8: would skip: it has no name (FN or N)',
        'line 12: would merge into people/jane-smith.md (matched by email; adds only missing fields: website)',
        'line 19: would create people/escape.md (name)',
        '',
        'Plan (dry run, nothing written): 2 to create, 1 to merge, 1 to skip.',
        '',
      ].join('\n'),
    );
    expect(listFiles(dir)).toEqual(before);
  });

  it('creates notes, merges only missing fields byte for byte, and never writes outside the folder', () => {
    const dir = fixtureWorkspace(SMALL);
    fs.writeFileSync(path.join(dir, 'c.vcf'), VCF);
    const jane = read(dir, 'people/jane-smith.md');
    const r = run(['import', 'vcf', 'c.vcf'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Done: 2 created, 1 merged, 1 skipped.');
    expect(read(dir, 'people/jane-smith.md')).toBe(jane.replace('next_action: Send CV\n', 'next_action: Send CV\nwebsite: https://jane.example.org\n'));
    expect(read(dir, 'people/maria-lopez.md')).toContain('organization: "[[Hilltop Hospital]]"');
    expect(exists(dir, 'people/escape.md')).toBe(true);
    expect(exists(path.dirname(dir), 'escape.md')).toBe(false);
    // The new notes load cleanly: the follow-up agenda still works and finds no errors.
    const check = run(['check', '--format', 'json'], { cwd: dir });
    const diagnostics = JSON.parse(check.stdout).diagnostics as { severity: string; file: string }[];
    expect(diagnostics.length).toBeGreaterThan(0); // the overdue next action of Jane Smith
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // A second run changes nothing: everyone is there already.
    const again = run(['import', 'vcf', 'c.vcf'], { cwd: dir });
    expect(again.stdout).toContain('Done: 0 created, 0 merged, 4 skipped.');
  });

  it('keeps a merged note\'s BOM and CRLF line ends', () => {
    const dir = fixtureWorkspace(SMALL);
    const original = '\uFEFF---\r\nname: Maria Lopez\r\n# a comment\r\n---\r\nBody\r\n';
    fs.writeFileSync(path.join(dir, 'people', 'maria.md'), original);
    fs.writeFileSync(path.join(dir, 'c.vcf'), VCF);
    const r = run(['import', 'vcf', 'c.vcf'], { cwd: dir });
    expect(r.stdout).toContain('line 1: merged into people/maria.md (matched by name; adds only missing fields: role, organization, email)');
    expect(read(dir, 'people/maria.md')).toBe('\uFEFF---\r\nname: Maria Lopez\r\n# a comment\r\nrole: Attending\r\norganization: "[[Hilltop Hospital]]"\r\nemail: maria@example.org\r\n---\r\nBody\r\n');
  });

  it('imports LinkedIn Connections.csv with its notes preamble, reporting bad rows by line', () => {
    const dir = fixtureWorkspace(SMALL);
    fs.writeFileSync(
      path.join(dir, 'Connections.csv'),
      'Notes:\n"When exporting your connection data, you may notice that some of the email addresses are missing."\n\nFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Ruiz,https://www.linkedin.com/in/ana,,Hilltop Hospital,PGY-2,12 Nov 2026\n,,,,,,\n',
    );
    const r = run(['import', 'linkedin', 'Connections.csv'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('line 5: created people/ana-ruiz.md');
    expect(r.stdout).toContain('line 6: skipped: no First Name or Last Name');
    const note = read(dir, 'people/ana-ruiz.md');
    expect(note).toContain('linkedin: https://www.linkedin.com/in/ana\n');
    expect(note).toContain('Imported from LinkedIn (Connections.csv) (line 5) on 2026-11-25.');
    expect(note).toContain('- 2026-11-12 Connected on LinkedIn.');
  });

  it('round trip: export vcf, import into an empty folder, export again gives the same cards', () => {
    const src = fixtureWorkspace(SMALL);
    const vcf = run(['export', 'vcf'], { cwd: src }).stdout;
    const dst = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', 'in.vcf': vcf });
    expect(run(['import', 'vcf', 'in.vcf'], { cwd: dst }).code).toBe(0);
    expect(listFiles(dst)).toEqual(['in.vcf', 'people/dr-jane-smith.md', 'people/ray-resident.md', 'rapport.yaml']);
    expect(run(['export', 'vcf'], { cwd: dst }).stdout.replace(/UID:urn:rapport:[^\r]*/g, '')).toBe(vcf.replace(/UID:urn:rapport:[^\r]*/g, ''));
  });

  it('shows a progress bar on a terminal for more than 200 contacts, and none when piped', () => {
    const dir = fixtureWorkspace(SMALL);
    const cards: string[] = [];
    for (let i = 0; i < 210; i++) cards.push(`BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Person ${i}\r\nEND:VCARD`);
    fs.writeFileSync(path.join(dir, 'many.vcf'), `${cards.join('\r\n')}\r\n`);
    const piped = run(['import', 'vcf', 'many.vcf', '--dry-run'], { cwd: dir });
    expect(piped.stderr).toBe('');
    // `script` gives the command a pseudo-terminal, as a user's shell would.
    const tty = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} import vcf many.vcf`, '/dev/null'], { cwd: dir, encoding: 'utf8' });
    expect(tty.status, tty.stderr).toBe(0);
    expect(tty.stdout).toMatch(/Importing \[[^\]]*\] 210\/210 contacts/);
    expect(tty.stdout).toContain('Done: 210 created, 0 merged, 0 skipped.');
    expect(listFiles(dir).filter((f) => f.startsWith('people/person-'))).toHaveLength(210);
  });

  // vCard 2.1 as phones and older Outlook wrote it: an Android card (quoted-printable UTF-8 with a
  // soft line break, bare TEL;CELL;PREF), an Outlook card in raw Windows-1252 bytes, and a card
  // that matches Dr. Jane Smith by email.
  const latin = (s: string) => Uint8Array.from(s, (c) => c.charCodeAt(0));
  const VCF21 = latin(
    [
      'BEGIN:VCARD', 'VERSION:2.1',
      'N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=81lvarez;Jos=C3=A9;;;',
      'FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 =C3=81lvarez',
      'TEL;WORK:+1-555-0111', 'TEL;CELL;PREF:+1-555-0110', 'EMAIL;INTERNET:jose@example.org',
      'ORG:Hilltop Hospital;Psychiatry', 'TITLE:PGY-3 Resident',
      'NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Near-peer =E2=80=94 offered to review my personal statem=',
      'ent.',
      'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'N;LANGUAGE=de;CHARSET=Windows-1252:M\xfcller;J\xfcrgen', 'FN;CHARSET=Windows-1252:J\xfcrgen M\xfcller',
      'ORG;CHARSET=Windows-1252:Universit\xe4tsklinikum', 'TEL;WORK;VOICE:+49 30 5550', 'EMAIL;PREF;INTERNET:j.mueller@uk.example.de', 'END:VCARD',
      'BEGIN:VCARD', 'VERSION:2.1', 'N:Smith;Jane', 'EMAIL;PREF;INTERNET:Jane@Hilltop.example.org', 'URL;WORK:https://jane.example.org', 'END:VCARD',
      '',
    ].join('\r\n'),
  );

  it('imports vCard 2.1 (Android and Outlook exports): dry run, then the notes byte for byte', () => {
    const dir = fixtureWorkspace(SMALL);
    fs.writeFileSync(path.join(dir, 'old.vcf'), VCF21);
    const before = listFiles(dir);
    const jane = read(dir, 'people/jane-smith.md');
    const dry = run(['import', 'vcf', 'old.vcf', '--dry-run'], { cwd: dir });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe(
      [
        'line 1: would create people/jose-alvarez.md (name, role, organization, email, phone, notes)',
        'line 13: would create people/jurgen-muller.md (name, organization, email, phone)',
        'line 21: would merge into people/jane-smith.md (matched by email; adds only missing fields: website)',
        '',
        'Plan (dry run, nothing written): 2 to create, 1 to merge, 0 to skip.',
        '',
      ].join('\n'),
    );
    expect(listFiles(dir)).toEqual(before);

    const r = run(['import', 'vcf', 'old.vcf'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Done: 2 created, 1 merged, 0 skipped.');
    expect(fs.readFileSync(path.join(dir, 'people/jose-alvarez.md'))).toEqual(
      Buffer.from(
        [
          '---', 'name: José Álvarez', 'role: PGY-3 Resident', 'organization: "[[Hilltop Hospital]]"', 'email: jose@example.org', 'phone: +1-555-0110',
          'notes: Near-peer — offered to review my personal statement.', '---', '', '# José Álvarez', '', 'Imported from old.vcf (line 1) on 2026-11-25.', '',
        ].join('\n'),
        'utf8',
      ),
    );
    expect(fs.readFileSync(path.join(dir, 'people/jurgen-muller.md'))).toEqual(
      Buffer.from(
        [
          '---', 'name: Jürgen Müller', 'organization: "[[Universitätsklinikum]]"', 'email: j.mueller@uk.example.de', 'phone: +49 30 5550',
          '---', '', '# Jürgen Müller', '', 'Imported from old.vcf (line 13) on 2026-11-25.', '',
        ].join('\n'),
        'utf8',
      ),
    );
    expect(read(dir, 'people/jane-smith.md')).toBe(jane.replace('next_action: Send CV\n', 'next_action: Send CV\nwebsite: https://jane.example.org\n'));
    const again = run(['import', 'vcf', 'old.vcf'], { cwd: dir });
    expect(again.stdout).toContain('Done: 0 created, 0 merged, 3 skipped.');
  });

  it('starts new notes from the user person template (vCard and LinkedIn), as `rapport new person` would', () => {
    const template = ['---', 'type: person', 'name: "{{name}}"', 'tags: {{tags}}', 'role: ""', 'organization: "[[{{org}}]]"', 'pronouns: ""  # ask', '---', '', '# {{name}}', '', 'How we met:', '', '## Log', ''].join('\n');
    const dir = fixtureWorkspace(SMALL);
    fs.writeFileSync(path.join(dir, 'rapport.yaml'), 'today: 2026-11-25\ntemplates: templates\nignore: [templates/**]\n');
    fs.mkdirSync(path.join(dir, 'templates'));
    fs.writeFileSync(path.join(dir, 'templates', 'person.md'), template);
    fs.writeFileSync(path.join(dir, 'old.vcf'), VCF21);
    fs.writeFileSync(path.join(dir, 'Connections.csv'), 'First Name,Last Name,URL,Email Address,Company,Position,Connected On\nAna,Ruiz,https://www.linkedin.com/in/ana,,Hilltop Hospital,PGY-2,12 Nov 2026\n');
    const jane = read(dir, 'people/jane-smith.md');

    // What `rapport new person` writes from that template, for comparison.
    const made = run(['new', 'person', 'José Álvarez', '--org', 'Hilltop Hospital'], { cwd: dir });
    expect(made.code, made.stderr).toBe(0);
    const fresh = read(dir, 'people/jose-alvarez.md');
    fs.rmSync(path.join(dir, 'people/jose-alvarez.md'));
    expect(fresh).toBe(['---', 'type: person', 'name: "José Álvarez"', 'role: ""', 'organization: "[[Hilltop Hospital]]"', 'pronouns: ""  # ask', '---', '', '# José Álvarez', '', 'How we met:', '', '## Log', ''].join('\n'));

    const r = run(['import', 'vcf', 'old.vcf'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Done: 2 created, 1 merged, 0 skipped.');
    expect(fs.readFileSync(path.join(dir, 'people/jose-alvarez.md'))).toEqual(
      Buffer.from(
        fresh
          .replace('role: ""', 'role: PGY-3 Resident')
          .replace('pronouns: ""  # ask\n', 'pronouns: ""  # ask\nemail: jose@example.org\nphone: +1-555-0110\nnotes: Near-peer — offered to review my personal statement.\n')
          .replace('# José Álvarez\n\n', '# José Álvarez\n\nImported from old.vcf (line 1) on 2026-11-25.\n\n'),
        'utf8',
      ),
    );
    // An existing note is only merged into, never replaced by the template.
    expect(read(dir, 'people/jane-smith.md')).toBe(jane.replace('next_action: Send CV\n', 'next_action: Send CV\nwebsite: https://jane.example.org\n'));

    const li = run(['import', 'linkedin', 'Connections.csv'], { cwd: dir });
    expect(li.code, li.stderr).toBe(0);
    expect(read(dir, 'people/ana-ruiz.md')).toBe(
      [
        '---', 'type: person', 'name: "Ana Ruiz"', 'role: PGY-2', 'organization: "[[Hilltop Hospital]]"', 'pronouns: ""  # ask', 'linkedin: https://www.linkedin.com/in/ana', '---', '',
        '# Ana Ruiz', '', 'Imported from LinkedIn (Connections.csv) (line 2) on 2026-11-25.', '', 'How we met:', '', '## Log', '', '- 2026-11-12 Connected on LinkedIn.', '',
      ].join('\n'),
    );
    const check = run(['check', '--format', 'json'], { cwd: dir });
    expect((JSON.parse(check.stdout).diagnostics as { severity: string }[]).filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('reports a missing file as a usage error', () => {
    const r = run(['import', 'vcf', 'nope.vcf'], { cwd: fixtureWorkspace(SMALL) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rapport: cannot read nope\.vcf: ENOENT/);
  });

  it('does not merge into a note that changed on disk after the plan was made, and says so', async () => {
    const dir = tempWorkspace({ 'people/a.md': '---\nname: A\nrole: edited meanwhile\n---\n' });
    const plan = {
      items: [
        { action: 'merge' as const, line: 3, name: 'A', path: 'people/a.md', text: '---\nname: A\nemail: a@x.org\n---\n', fields: ['email'], matchedBy: 'name' as const },
        { action: 'create' as const, line: 4, name: 'B', path: 'people/a.md', text: 'clobber', fields: [] },
        { action: 'create' as const, line: 5, name: 'C', path: '../outside.md', text: 'escape', fields: [] },
      ],
      problems: [],
      counts: { created: 2, merged: 1, skipped: 0 },
    };
    const failed = await applyPlan(dir, plan, () => '---\nname: A\n---\n');
    expect(failed).toBe(3);
    expect(read(dir, 'people/a.md')).toBe('---\nname: A\nrole: edited meanwhile\n---\n');
    expect(exists(path.dirname(dir), 'outside.md')).toBe(false);
    expect(plan.items.map((i) => (i.action === 'skip' ? i.reason.replace(dir, 'DIR') : i.action))).toEqual([
      'people/a.md changed on disk since it was read; not merged',
      expect.stringMatching(/^refusing to overwrite .*people[\\/]a\.md: it already exists$/),
      'refusing a path outside the workspace: ../outside.md',
    ]);
    expect(plan.counts).toEqual({ created: 0, merged: 0, skipped: 3 });
  });
});

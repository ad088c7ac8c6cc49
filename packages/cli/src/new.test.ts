import { describe, expect, it } from 'vitest';
import { exists, listFiles, read, readBytes, run, tempWorkspace } from './test-helpers.js';

/** Runs `rapport new` in a fresh (or given) workspace pinned to 2026-11-25. */
function check(args: string[], files: Record<string, string> = {}, dir = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', ...files })) {
  const r = run(['new', ...args, '--dir', dir]);
  return { ...r, dir };
}

describe('rapport new', () => {
  it('creates a person from the built-in template, prints the path, and the note checks clean', () => {
    const r = check(['person', 'Dr. Jane Smith, MD', '--org', 'Riverside Medical Center', '--tag', 'mentor', '--tag', 'apa']);
    expect(r).toMatchObject({ code: 0, stdout: 'people/jane-smith.md\n' });
    expect(r.stderr).toBe("rapport: note: no note is named 'Riverside Medical Center' yet: the link stays a placeholder until you create it.\n");
    const text = read(r.dir, 'people/jane-smith.md');
    expect(text).toMatch(/^---\ntype: person\nname: "Dr\. Jane Smith, MD"\naliases: \[\]\ntags: \[mentor, apa\]\n/);
    expect(text).toContain('organization: "[[Riverside Medical Center]]"\n');
    expect(text).toContain('# met: 2026-11-25');
    expect(text).toMatch(/\n## Log\n$/);
    // Links by the full name resolve to the new note.
    const q = run(['query', r.dir, '--json', '--where', 'name=Dr. Jane Smith, MD']);
    expect(JSON.parse(q.stdout).entities.map((e: { file: string }) => e.file)).toEqual(['people/jane-smith.md']);
    expect(run(['check', r.dir, '--severity', 'error']).code).toBe(0);
  });

  it.each([
    [['organization', 'Riverside Medical Center'], 'organizations/riverside-medical-center.md'],
    [['org', 'Lakeshore Hospital'], 'organizations/lakeshore-hospital.md'],
    [['program', 'North Psychiatry Residency', '--org', 'North Hospital'], 'programs/north-psychiatry-residency.md'],
    [['event', 'APA Annual Meeting 2027'], 'events/apa-annual-meeting-2027.md'],
    [['note', 'Call with Ann', '--template', 'meeting-log'], 'journal/2026-11-25-meeting-call-with-ann.md'],
    [['meeting-log', 'Ann Lee'], 'journal/2026-11-25-meeting-ann-lee.md'],
    [['conference-prep', 'APA Annual Meeting 2027'], 'journal/2026-11-25-prep-apa-annual-meeting-2027.md'],
    [['mentorship-request', 'Ann Lee'], 'drafts/2026-11-25-mentorship-request-ann-lee.md'],
    [['thank-you', 'Ann Lee', '--date', '2026-11-20'], 'drafts/2026-11-20-thank-you-ann-lee.md'],
    [['program-interest', 'North Psychiatry'], 'drafts/2026-11-25-program-interest-north-psychiatry.md'],
    [['post-match-update', 'Ann Lee'], 'drafts/2026-11-25-post-match-update-ann-lee.md'],
  ])('new %j → %s', (args, file) => {
    const r = check(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${file}\n`);
    expect(listFiles(r.dir)).toEqual([file, 'rapport.yaml'].sort());
    expect(run(['check', r.dir, '--severity', 'error']).code).toBe(0);
  });

  it('refuses to overwrite: exit 1, a message, the file untouched', () => {
    const original = '---\r\nname: Jane Smith\r\nmine: yes # keep\r\n---\r\nMy own words.\r\n';
    const r = check(['person', 'Jane Smith'], { 'people/jane-smith.md': original });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('rapport: not created: people/jane-smith.md already exists.\n');
    expect(read(r.dir, 'people/jane-smith.md')).toBe(original);
    expect(listFiles(r.dir)).toEqual(['people/jane-smith.md', 'rapport.yaml']);
  });

  it('refuses a name that another note already answers to', () => {
    const r = check(['person', 'Dr. Lee'], { 'contacts/ann.md': '---\ntype: person\nname: Ann Lee\naliases: [Dr. Lee]\n---\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe("rapport: not created: 'Dr. Lee' already names contacts/ann.md.\n");
    expect(exists(r.dir, 'people/lee.md')).toBe(false);
  });

  it('refuses a file the workspace does not read (ignored), found on disk at write time', () => {
    const r = check(['person', 'Jane Smith'], { '.gitignore': 'people/\n', 'people/jane-smith.md': 'private' });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('rapport: not created: people/jane-smith.md already exists.\n');
    expect(read(r.dir, 'people/jane-smith.md')).toBe('private');
    expect(listFiles(r.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('never writes outside the workspace, whatever the name', () => {
    const r = check(['person', '../../../etc/evil']);
    expect(r).toMatchObject({ code: 0, stdout: 'people/etc-evil.md\n' });
    expect(listFiles(r.dir)).toEqual(['people/etc-evil.md', 'rapport.yaml']);
  });

  it("uses the user's templates folder: same name replaces the built-in, new names add templates", () => {
    const files = {
      'rapport.yaml': 'today: 2026-11-25\ntemplates: my-templates/\nignore: [my-templates/**]\n',
      'my-templates/person.md': '---\nname: "{{name}}"\nsource: mine\n---\nMet on {{date}} ({{type}}).\n',
      'my-templates/coffee-chat.md': '# Coffee with [[{{name}}]]\n',
    };
    const dir = tempWorkspace(files);
    const p = run(['new', 'person', 'Ann Lee', '--dir', dir]);
    expect(p).toMatchObject({ code: 0, stdout: 'people/ann-lee.md\n' });
    expect(read(dir, 'people/ann-lee.md')).toBe('---\nname: "Ann Lee"\nsource: mine\n---\nMet on 2026-11-25 (person).\n');
    const c = run(['new', 'coffee-chat', 'Ann Lee', '--dir', dir]);
    expect(c).toMatchObject({ code: 0, stdout: 'journal/2026-11-25-coffee-chat-ann-lee.md\n' });
    const list = run(['new', '--list', '--dir', dir]);
    expect(list.stdout).toMatch(/^person +person +people\/ +yours: my-templates\/person\.md$/m);
    expect(list.stdout).toMatch(/^coffee-chat +note +journal\/ +yours: my-templates\/coffee-chat\.md$/m);
    expect(list.stdout).toMatch(/^thank-you +note +drafts\/ +Draft: thanking someone after meeting them$/m);
  });

  it('goes to the workspace root found from --dir, and prints the path from the folder given', () => {
    const dir = tempWorkspace({ 'rapport.yaml': 'today: 2026-11-25\n', 'journal/.keep': '' });
    const r = run(['new', 'person', 'Bo Chen', '--dir', `${dir}/journal`]);
    expect(r).toMatchObject({ code: 0, stdout: '../people/bo-chen.md\n' });
    expect(exists(dir, 'people/bo-chen.md')).toBe(true);
  });

  it('keeps the bytes of other notes', () => {
    const other = '\uFEFF---\r\nname: Zed\r\n---\r\n';
    const r = check(['person', 'Ann Lee'], { 'people/zed.md': other });
    expect(r.code).toBe(0);
    expect(readBytes(r.dir, 'people/zed.md').equals(Buffer.from(other, 'utf8'))).toBe(true);
  });
});

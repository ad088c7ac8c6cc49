// Deterministic generator of realistic Rapport networks (people, organizations, programs,
// events, journal notes) for the benchmark and the scanner's differential test.
// Same seed and size → byte-identical files.
import { mkdirSync, writeFileSync, rmSync, existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Jane', 'Omar', 'Priya', 'Daniel', 'Mei', 'Carlos', 'Aisha', 'Tom', 'Sofia', 'Ravi', 'Elena', 'Kwame', 'Hannah', 'Luis', 'Noor', 'Ben', 'Yuki', 'Grace', 'Ivan', 'Fatima', 'Sam', 'Chloe', 'Arjun', 'Maya'];
const LAST = ['Smith', 'Haddad', 'Patel', 'Okafor', 'Chen', 'Rivera', 'Khan', 'Nguyen', 'Rossi', 'Iyer', 'Petrova', 'Mensah', 'Berg', 'Garcia', 'Aziz', 'Cohen', 'Tanaka', 'Lee', 'Novak', 'Silva', 'Walker', 'Dubois', 'Rao', 'Klein'];
const ROLES = ['Program Director', 'Associate Program Director', 'PGY-2 resident', 'PGY-4 resident', 'Attending', 'Program Coordinator', 'Chief Resident', 'Research Mentor', 'Medical Student', 'Fellow'];
const TAGS = ['psychiatry', 'resident', 'faculty', 'img', 'research', 'apa', 'child-psych', 'conference', 'alumni'];
const MENTOR = ['clinical', 'career', 'near-peer', 'research'];
const TOPICS = [
  'talked about the interview season and how IMGs are ranked',
  'discussed a research project on trauma-informed care',
  'she offered to review my personal statement',
  'shared advice on observerships and letters of recommendation',
  'coffee after the grand rounds talk; follow up on the case report',
  'asked about away rotations and the visa timeline',
  'went over the ERAS application and which programs are IMG friendly',
  'met at the poster session, interested in our outcomes data',
];
const TASKS = ['Send thank-you email', 'Ask for a letter of recommendation', 'Share the draft abstract', 'Book a call about the rotation', 'Send the updated CV', 'Congratulate on the new position'];
const CITIES = ['Boston, MA', 'New York, NY', 'Chicago, IL', 'Houston, TX', 'Seattle, WA', 'Atlanta, GA', 'Denver, CO'];

function pad(n) {
  return String(n).padStart(2, '0');
}

/** Builds the notes of a network of `n` files: path → text. */
export function generateNetwork(n, seed = 42) {
  const r = rng(seed);
  const pick = (a) => a[Math.floor(r() * a.length)];
  const int = (lo, hi) => lo + Math.floor(r() * (hi - lo + 1));
  const date = (y0 = 2024, y1 = 2026) => `${int(y0, y1)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const counts = { org: Math.max(2, Math.round(n * 0.05)), prog: Math.max(2, Math.round(n * 0.05)), event: Math.max(2, Math.round(n * 0.04)) };
  counts.journal = Math.max(2, Math.round(n * 0.14));
  counts.person = n - counts.org - counts.prog - counts.event - counts.journal;
  const people = [];
  for (let i = 0; i < counts.person; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    people.push({ id: `${first}-${last}-${i}`.toLowerCase(), name: `${first} ${last} ${i}` });
  }
  const orgs = Array.from({ length: counts.org }, (_, i) => ({ id: `org-${i}`, name: `${pick(['Riverside', 'Lakeview', 'Mercy', 'St. Anne', 'Northgate', 'Harbor'])} Medical Center ${i}` }));
  const progs = Array.from({ length: counts.prog }, (_, i) => ({ id: `program-${i}`, name: `${orgs[i % orgs.length].name} Psychiatry Residency` }));
  const events = Array.from({ length: counts.event }, (_, i) => ({ id: `event-${i}`, name: `${pick(['APA Annual Meeting', 'District Branch Meeting', 'AACAP Meeting', 'Grand Rounds'])} ${i}` }));
  const files = new Map();
  const personLink = () => {
    const p = pick(people);
    const f = r();
    return f < 0.6 ? `[[${p.id}]]` : f < 0.85 ? `[[${p.name}]]` : f < 0.95 ? `[[${p.id}|Dr. ${p.name.split(' ')[1]}]]` : `[${p.name}](../people/${p.id}.md)`;
  };

  people.forEach((p, i) => {
    const fm = ['---', 'type: person', `name: ${p.name}`];
    if (r() < 0.3) fm.push(`aliases: [${p.name.split(' ')[0]} ${p.name.split(' ')[1][0]}. ${i}]`);
    fm.push(`role: ${pick(ROLES)}`);
    fm.push(`organization: "[[${pick(orgs).name}]]"`);
    if (r() < 0.4) fm.push(`mentor: [${[...new Set([pick(MENTOR), pick(MENTOR)])].join(', ')}]`);
    fm.push('tags:');
    for (const t of new Set([pick(TAGS), pick(TAGS)])) fm.push(`  - ${t}`);
    const met = date(2024, 2026);
    fm.push(`met: ${met}`);
    if (r() < 0.5) fm.push(`met_at: "[[${pick(events).name}]]"`);
    if (r() < 0.2) fm.push(`introduced_by: "[[${pick(people).name}]]"`);
    if (r() < 0.5) fm.push(`last_contact: ${date(2025, 2026)}`);
    if (r() < 0.35) {
      fm.push(`next_action: ${pick(TASKS)}`);
      fm.push(`follow_up: ${date(2026, 2027)}`);
    }
    if (r() < 0.25) fm.push(`cadence: ${pick(['3 months', '6m', 'quarterly', '1 year', '8 weeks'])}`);
    if (r() < 0.05) fm.push(`snooze_until: ${date(2026, 2027)}`);
    fm.push(`email: ${p.id}@example.org`);
    if (r() < 0.4) fm.push(`location: ${pick(CITIES)}`);
    fm.push('---', '');
    const body = [`# ${p.name}`, '', `${pick(ROLES)} at ${pick(orgs).name}. ${pick(TOPICS)}.`, '', '## Log', ''];
    const logs = int(2, 9);
    for (let k = 0; k < logs; k++) {
      const extra = r() < 0.3 ? ` with ${personLink()}` : '';
      body.push(`- ${date(2024, 2026)} ${pick(TOPICS)}${extra}`);
      if (r() < 0.2) body.push(`  - follow-up detail: ${pick(TOPICS)}`);
    }
    body.push('', '## Tasks', '');
    const tasks = int(0, 4);
    for (let k = 0; k < tasks; k++) {
      const done = r() < 0.4;
      const due = r() < 0.8 ? ` 📅 ${date(2026, 2027)}` : r() < 0.5 ? ` [due:: ${date(2026, 2027)}]` : ` due:${date(2026, 2027)}`;
      body.push(`- [${done ? 'x' : ' '}] ${pick(TASKS)}${r() < 0.3 ? ` for ${personLink()}` : ''}${due}${done ? ` ✅ ${date(2025, 2026)}` : ''}${r() < 0.05 ? ' 🔁 every 3 months' : ''}`);
    }
    if (r() < 0.3) body.push('', '## Notes', '', `> ${pick(TOPICS)} — quoted from ${personLink()}`, '', `Paper: \`doi:10.1000/${i}\`, see ${personLink()} and [the program](../programs/${pick(progs).id}.md).`);
    if (r() < 0.1) body.push('', '```', `[[not-a-link-${i}]]`, '```');
    body.push('', '## Background', '', `${pick(TOPICS)}; ${pick(TOPICS)}. Trained in ${pick(CITIES)}, now focused on ${pick(TAGS)} and ${pick(TAGS)}.`, `Ask about: ${pick(TASKS).toLowerCase()}, ${pick(TOPICS)}.`);
    // Constructs the line scanner leaves to the full parser, as real notes have them.
    if (r() < 0.1) body.push('', 'Questions for our next call:', '', `1. ${pick(TOPICS)}`, `2. ${pick(TOPICS)} with ${personLink()}`, `3. ${pick(TASKS)}`);
    if (r() < 0.03) body.push('', '| Date | Where | Notes |', '|---|---|---|', `| ${date(2025, 2026)} | ${pick(CITIES)} | ${pick(TOPICS)} |`);
    files.set(`people/${p.id}.md`, `${fm.join('\n')}\n${body.join('\n')}\n`);
  });
  orgs.forEach((o) => {
    files.set(`organizations/${o.id}.md`, `---\ntype: organization\nname: ${o.name}\nkind: hospital\nlocation: ${pick(CITIES)}\nwebsite: https://example.org/${o.id}\n---\n\n# ${o.name}\n\nContacts: ${personLink()}, ${personLink()}.\n`);
  });
  progs.forEach((p, i) => {
    const stage = pick(['researching', 'target', 'applied', 'interview', 'ranked']);
    files.set(
      `programs/${p.id}.md`,
      `---\ntype: program\nname: ${p.name}\norganization: "[[${orgs[i % orgs.length].name}]]"\nspecialty: psychiatry\nstage: ${stage}\nimg_friendly: ${r() < 0.5}\ndeadline: ${date(2026, 2027)}\ncontacts:\n  - "[[${pick(people).name}]]"\n  - "[[${pick(people).name}]]"\n---\n\n# ${p.name}\n\n- ${date(2025, 2026)} Emailed the coordinator, ${personLink()}\n- [ ] Check the application requirements 📅 ${date(2026, 2027)}\n`,
    );
  });
  events.forEach((e) => {
    const d = date(2025, 2026);
    files.set(`events/${e.id}.md`, `---\ntype: event\nname: ${e.name}\ndate: ${d}\nlocation: ${pick(CITIES)}\nattended: ${r() < 0.7}\ngoals:\n  - Meet three program directors\n  - Present the poster\n---\n\n# ${e.name}\n\nPeople I met: ${personLink()}, ${personLink()}, ${personLink()}.\n`);
  });
  for (let i = 0; i < counts.journal; i++) {
    const d = date(2025, 2026);
    const body = [`# Journal ${d}`, ''];
    const sections = int(1, 3);
    for (let k = 0; k < sections; k++) {
      body.push(`## ${date(2025, 2026)} ${pick(['Coffee chat', 'Zoom call', 'Conference day', 'Rotation debrief'])} with ${personLink()}`, '', `${pick(TOPICS)}. Also saw ${personLink()}.`, '');
      if (r() < 0.5) body.push(`- [ ] ${pick(TASKS)} ${personLink()} 📅 ${date(2026, 2027)}`, '');
    }
    if (r() < 0.3) body.push(`- ${date(2025, 2026)} Quick note: ${personLink()} replied`, '');
    if (r() < 0.05) body.push(`See [[Missing Person ${i}]] later.`, '');
    files.set(`journal/${d}-${i}.md`, body.join('\n'));
  }
  return files;
}

export const CONFIG = 'today: 2026-11-25\nupcoming: 7 days\nthank_you_within: 3 days\ncadence:\n  mentor: 6 months\n  resident: 3 months\n';

/** Writes a network of n notes into dir (reused when its stamp says it is already there). */
export function writeNetwork(dir, n, seed = 42) {
  const stamp = path.join(dir, '.generated');
  const want = `n=${n} seed=${seed} v=2`;
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === want) return dir;
  rmSync(dir, { recursive: true, force: true });
  const files = generateNetwork(n, seed);
  for (const [p, text] of files) {
    const abs = path.join(dir, p);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, text);
  }
  writeFileSync(path.join(dir, 'rapport.yaml'), CONFIG);
  writeFileSync(stamp, want);
  return dir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 1000);
  const dir = process.argv[3] ?? path.join(path.dirname(new URL(import.meta.url).pathname), '.corpus', String(n));
  writeNetwork(dir, n);
  console.log(dir);
}

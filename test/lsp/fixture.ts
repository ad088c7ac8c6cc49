/** A small network pinned to 2026-11-25, used by the language-server integration tests. */
export const TODAY = '2026-11-25';

export const FILES: Record<string, string> = {
  'rapport.yaml': `today: ${TODAY}\nthank_you_within: 3 days\ncadence:\n  mentor: 6 months\n`,
  'people/kevin-brandt.md': `---
type: person
name: Dr. Kevin Brandt
aliases: [Kevin]
role: Program Director
organization: "[[Riverside Medical Center]]"
met: 2026-11-20
met_at: "[[APA Annual Meeting 2026]]"
tags: [program-director]
---

# Dr. Kevin Brandt

## Tasks

- [ ] Send my CV to Dr. Brandt 📅 2026-11-22
`,
  'people/maria-lopez.md': `---
type: person
name: Maria Lopez
role: Attending Psychiatrist
organization: "[[Riverside Medical Center]]"
mentor: [clinical]
tags: [attending]
last_contact: 2026-01-10
---

# Maria Lopez

## Log

- 2026-01-10 Coffee after grand rounds.
`,
  'organizations/riverside-medical-center.md': `---
type: organization
name: Riverside Medical Center
kind: hospital
---

Teaching hospital.
`,
  'programs/riverside-psychiatry.md': `---
type: program
name: Riverside Psychiatry Residency
organization: "[[Riverside Medical Center]]"
stage: target
deadline: 2026-12-01
contacts: ["[[Dr. Kevin Brandt]]"]
---
`,
  'events/apa-annual-meeting-2026.md': `---
type: event
name: APA Annual Meeting 2026
date: 2026-11-19
end: 2026-11-21
goals: [Meet two program directors]
attended: true
---
`,
  'journal/2026-11-21.md': `# Recap

- 2026-11-21 Asked around about [[Nobody Yet]].
- [ ] Email [[Maria Lopez]] the poster 📅 2026-02-30
`,
};

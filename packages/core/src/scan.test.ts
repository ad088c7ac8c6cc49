import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseNote } from './parse.js';
import { fastParseNote, scanNote } from './scan.js';
import { LineIndex } from './text.js';
// The benchmark's network generator (plain JS, no dependencies): the same notes the bench times.
// @ts-expect-error an untyped .mjs module outside this package
import { generateNetwork } from '../../bench/generate.mjs';

/** Plain JSON of a ParsedNote (drops nothing: every field is data). */
const plain = (x: unknown) => JSON.parse(JSON.stringify(x));

/** The fast path must be the full parser's result exactly, or step aside. */
function check(text: string): 'scanned' | 'fallback' {
  const full = plain(parseNote(text, new LineIndex(text)));
  expect(plain(fastParseNote(text, new LineIndex(text)))).toEqual(full);
  const fast = scanNote(text, new LineIndex(text));
  if (!fast) return 'fallback';
  expect(plain(fast)).toEqual(full);
  return 'scanned';
}

describe('scanNote equals parseNote', () => {
  it('on every note of generated networks, and takes the fast path for most', () => {
    for (const seed of [1, 2, 3]) {
      const files = generateNetwork(300, seed) as Map<string, string>;
      let scanned = 0;
      for (const text of files.values()) if (check(text) === 'scanned') scanned++;
      expect(scanned / files.size).toBeGreaterThan(0.97);
    }
  });

  it('with CRLF line endings and a BOM', () => {
    const files = generateNetwork(120, 9) as Map<string, string>;
    let scanned = 0;
    for (const text of files.values()) {
      if (check(text.replace(/\n/g, '\r\n')) === 'scanned') scanned++;
      check(`\uFEFF${text}`);
      check(`\uFEFF${text.replace(/\n/g, '\r\n')}`);
    }
    expect(scanned).toBeGreaterThan(100);
  });

  const cases: Record<string, string> = {
    'fenced code hides links': '# A\n\n```\n[[Hidden]]\n```\n\n[[Shown]]\n',
    'tilde fence with info': '~~~md\n[[Hidden]]\n~~~\n[[Shown]]\n',
    'longer closing fence': '````\n```\n[[Hidden]]\n`````\n[[Shown]]\n',
    'fence in a list item': '- 2026-01-02 met [[A]]\n  ```\n  [[Hidden]]\n  ```\n  after [[B]]\n',
    'unclosed fence': '```\n[[Hidden]]\n',
    'inline code': 'See `[[Hidden]]` and [[Shown]] and ``a ` [[H2]]`` end\n',
    'unmatched backtick': 'a ` b [[X]]\n',
    'block quote and lazy line': '> quoted [[Q]]\nlazy [[L]]\n\nafter [[A]]\n',
    'quote with two lines': '> one [[A]]\n> two [[B]]\n- 2026-03-04 [[C]]\n',
    'quote with a list': '> - [ ] task [[A]]\n',
    'nested lists': '- 2026-01-01 top [[A]]\n  - nested [[B]]\n    - deeper [[C]]\n- 2026-01-02 next\n  continued [[D]]\n',
    'lazy item line': '- [ ] open task\nlazy [[A]]\n\n[[B]]\n',
    'loose list': '- 2026-01-01 a\n\n  second paragraph [[A]]\n\n- b [[B]]\n',
    'ordered list': '1. 2026-01-01 first [[A]]\n2. second [[B]]\n',
    'ordered from one': '1. 2026-01-01 first [[A]]\n1) other\n',
    'list markers of every width': '1234567890. not a list\n\n123456789. nine digits [[A]]\n\n01. zero-led\n\n-no space\n\n+ plus [[B]]\n\n*  two spaces\n',
    'numbers interrupting a paragraph': 'text\n2. two\n1. one [[A]]\n',
    'marker alone at the end': 'para\n\n-\n',
    'ordered after a paragraph': 'Questions:\n\n1. first [[A]]\n2. second\n3. third [[B]]\n',
    'ordered cannot interrupt': 'text\n2. not an item [[A]]\n',
    'ordered nested in a bullet': '- a\n  2. b [[A]]\n',
    'ordered after a lazy line': '1. a\nlazy [[L]]\n2. b [[B]]\n',
    'quote then ordered': '> q [[Q]]\n2. item [[I]]\n',
    'headings': '# Top\n\n## 2026-05-18 APA meeting with [[Jane]]\n\ntext [[K]]\n\n### Sub\n\n## 2026-13-40 bad date\n# Last\n',
    'heading with link': '## 2026-05-18 Met [Jane](people/jane.md) again\n',
    'heading with closing hashes': '## Title ##\n',
    'indented heading': '   ## 2026-01-02 Indented\n',
    'setext heading': 'Title [[A]]\n=====\n\nOther\n---\n',
    'thematic break': 'a\n\n---\n\n- b\n***\n',
    'tasks': '- [ ] open [[A]] 📅 2026-05-21\n- [x] done ✅ 2026-05-22 [[B]]\n- [X] upper\n- [ ]  two spaces [[C]]\n- [ ]\n- [x]no space\n  - [ ] nested 📅 2026-02-30\n',
    'task with dataview and todo.txt': '- [ ] a [due:: 2026-05-21] due:2026-06-01 [completion:: 2026-05-01]\n',
    'embeds and images': '![[photo.png]] ![alt](x.png) ![[Jane]]\n',
    'markdown links': 'See [Jane](people/jane-smith.md), [site](https://x.org/a.md), [sec](../a%20b.md#intro) and [bad](a%zz.md)\n',
    'link in code span': '`[x](a.md)` and [y](b.md)\n',
    'web links': 'Profile: [LinkedIn](https://www.linkedin.com/in/jane-smith-12ab/) and [mail](mailto:jane@x.org)\n\n- 2026-05-18 Met [[Jane]] at [APA](https://psychiatry.org/annual-meeting?year=2026&day=2#talks) [notes](people/jane.md)\n- [ ] Read [the paper](https://doi.org/10.1000/xyz+1@v2) 📅 2026-05-21\n\n## 2026-05-19 Call about [the match](https://www.nrmp.org/match:x)\n',
    'web links the scanner leaves': '[a](https://x.org/a(b)) [b](<https://x.org/c d>) [c](https://x.org "title") [d](https://x.org/&amp;) [e](https://x.org/%zz) [f](https://x.org/a\\_b)\n',
    'reference links': '[Jane][j]\n\n[j]: people/jane.md\n',
    'reference definition in a quote': '> [f]: people/x.md\n\n[f] and [[A]]\n',
    'reference definition in a list item': '- [f]: people/x.md\n\n- 2026-01-02 [f] with [[A]]\n',
    'reference definition nested': '> - [f]: people/x.md\n\n[f]\n\n1. a\n   [g]: people/y.md\n\n[g]\n',
    'text that only looks like a definition': '- 2026-01-02 asked [[A]] about [x] and [the plan]: later\n',
    'html': '<div>[[Hidden]]</div>\n\n<span>[[X]]</span> [[Y]]\n',
    'entities and escapes': '&amp; \\[[A]] [[B]]\n',
    'tables': '| a | b |\n|---|---|\n| [[A]] | `x|y` |\n',
    'table plain': '| a | b |\n|---|---|\n| [[A]] | [x](people/x.md) |\n| 1 | `code` [[C]] |\n\nafter [[B]]\n',
    'table without outer pipes': 'a | b\n--- | ---\n[[A]] | c\n',
    'table after heading': '## 2026-01-02 T\n| a | b |\n|:-:|--:|\n| x [[X]] | y |\n',
    'table ended by a list': '| a |\n|---|\n| x |\n- 2026-01-03 item [[I]]\n',
    'table then heading': '| a | b |\n|---|---|\n| x | y |\n# H [[H]]\n',
    'table with wiki aliases': '| [[A|alias]] | b |\n|---|---|\n| [[B|c]] | d |\n',
    'table mismatched cells': '| a | b |\n|---|\n| x [[X]] |\n',
    'table after a paragraph': 'text [[T]]\n| a | b |\n|---|---|\n| c | d |\n',
    'table row without a pipe': '| a | b |\n|---|---|\nlazy [[L]]\n',
    'table link across a pipe': '| [a|b](x.md) | c |\n|---|---|\n',
    'table in a list item': '- | a | b |\n  |---|---|\n  | [[A]] | c |\n',
    'table in a quote': '> | a | b |\n> |---|---|\n> | [[A]] | c |\n',
    'delimiter row alone': '|---|---|\n[[A]]\n',
    'table indented rows': '| a | b |\n|---|---|\n    | [[A]] | c |\n',
    'footnotes': 'Text[^1] [[A]]\n\n[^1]: note [[B]]\n',
    'indented code': 'para\n\n    [[Code]]\n',
    'tabs': '-\t2026-01-01 tab [[A]]\n',
    'trailing spaces': '- 2026-01-01 a [[A]]   \n  more  \n## H  \n',
    'empty note': '',
    'only frontmatter': '---\ntype: person\n---\n',
    'blank lines': '\n\n\n',
  };
  // The scanner must really handle these (not hand them to the full parser).
  const fast = new Set(['table plain', 'table without outer pipes', 'table after heading', 'table ended by a list', 'table then heading', 'ordered list', 'ordered after a paragraph', 'ordered after a lazy line', 'quote then ordered', 'fenced code hides links', 'tilde fence with info', 'longer closing fence', 'fence in a list item', 'inline code', 'block quote and lazy line', 'quote with two lines', 'nested lists', 'lazy item line', 'loose list', 'headings', 'heading with link', 'indented heading', 'link in code span', 'web links', 'trailing spaces', 'empty note', 'only frontmatter', 'blank lines']);
  for (const [name, body] of Object.entries(cases)) {
    it(`edge case: ${name}`, () => {
      const how = check(body);
      if (fast.has(name)) expect(how).toBe('scanned');
      check(body.replace(/\n/g, '\r\n'));
      check(`---\ntype: person\nname: Jane\n---\n${body}`);
      // The scanner reads the body from the frontmatter's end in the text itself; a BOM with no
      // frontmatter is blanked first, and a frontmatter fence may end in spaces or a tab.
      check(body.replace(/\n/g, '\r'));
      check(`---\ntype: person\n---\n${body}`.replace(/\n/g, '\r'));
      check(`\uFEFF${body}`);
      check(`\uFEFF   ${body}`);
      check(`---\nname: Jane\n---\t\n${body}`);
      check(`---\nname: Jane\n---  \n${body}`);
    });
  }

  const frontmatters: Record<string, string> = {
    'plain values': 'type: person\nname: Jane Smith\nrole: PGY-2 resident\nmet: 2026-05-18\n',
    'quoted links': 'organization: "[[Riverside]]"\nmet_at: \'[[APA 2026]]\'\n',
    'flow lists': 'aliases: [Jane, Dr. Smith]\nmentor: [clinical, career]\ntags: []\n',
    'block lists': 'tags:\n  - a\n  - b\ncontacts:\n- "[[A]]"\n- "[[B]]"\n',
    'list then blank': 'tags:\n  - a\n\nname: x\n',
    'numbers and booleans': 'img_friendly: true\nattended: False\ncount: 12\nzero: 0\nlead: 012\nfloat: 1.5\nhex: 0x1F\nneg: -3\n',
    'nulls': 'a:\nb: ~\nc: null\nd:   \n',
    'durations': 'cadence: 3 months\nother: 6m\nthird: 10 days\n',
    'comments': '# comment\nname: Jane # trailing\n',
    'multi-line values': 'notes: first\n  second\nname: x\n',
    'block scalars': 'notes: |\n  text\n',
    'nested maps': 'data:\n  a: 1\n',
    'duplicate keys': 'name: a\nname: b\n',
    'invalid yaml': 'name: [a\n',
    'colon in value': 'website: https://example.org/x\nbad: a: b\n',
    'quotes with escapes': 'name: "a\\"b"\nother: \'it\'\'s\'\n',
    'proto key': '__proto__: x\n',
    'empty': '',
    'only spaces': '   \n',
    'tabs': 'name:\tJane\n',
    'not a map': '- a\n- b\n',
    'unknown and odd keys': 'Some Key: x\nfoo-bar: y\n"q": z\n',
    'key forms': 'a-b: 1\n_x: y\nK9: z\nlast_contact:\n',
    'no space after the colon': 'key:x\n',
    'key starting with a digit': '9x: y\n',
    'many fields': Array.from({ length: 20 }, (_, i) => `f${i}: v${i}\n`).join(''),
    'many fields, a late duplicate': Array.from({ length: 20 }, (_, i) => `f${i}: v${i}\n`).join('') + 'f3: again\n',
    'a duplicate among few': 'a: 1\nb: 2\na: 3\n',
    'words an object knows': 'name: constructor\nrole: toString\nnext_action: __proto__\ntags: [valueOf, hasOwnProperty]\n',
  };
  const fastFm = new Set(['key forms', 'many fields', 'words an object knows', 'plain values', 'quoted links', 'flow lists', 'block lists', 'nulls', 'durations', 'empty', 'only spaces']);
  for (const [name, fm] of Object.entries(frontmatters)) {
    it(`frontmatter: ${name}`, () => {
      const body = '\n# Note\n\n- 2026-01-02 met [[A]]\n';
      const how = check(`---\n${fm}---\n${body}`);
      if (fastFm.has(name)) expect(how).toBe('scanned');
      check(`---\n${fm}---\n${body}`.replace(/\n/g, '\r\n'));
      check(`---\n${fm}---\n${body}`.replace(/\n/g, '\r'));
      check(`\uFEFF---\n${fm}---\n${body}`);
    });
  }
  it('frontmatter fences: unclosed, other languages, dots', () => {
    check('---\nname: x\n\n# no close\n');
    check('---js\nname: x\n---\nbody\n');
    check('---yaml\nname: x\n...\nbody [[A]]\n');
    check('---   \nname: x\n---   \nbody\n');
    check(' ---\nname: x\n---\nbody [[A]]\n');
    check('---\nname: x\n ---\n.. \n---\nbody [[A]]\n');
    check('---\rname: x\r---\rbody [[A]]\r- [ ] t 📅 2026-01-02\r');
    check('---\r\nname: x\n---\rbody\r\n- [ ] t due:2026-01-02\n');
  });

  // Random notes assembled from the fragments above: wherever the scanner takes the fast path, it
  // must agree with the full parser.
  const fragments = [
    '', '# Title', '## 2026-05-18 Met [[Jane]]', '### Sub', '- 2026-01-02 logged [[A]]', '  - nested [[B]]', '    - deeper',
    '- [ ] task [[C]] 📅 2026-05-21', '- [x] done ✅ 2026-05-01', '  - [ ] nested task 📅 2026-02-30', '1. first [[D]]', '2. second',
    '> quote [[Q]]', '> more', 'lazy text [[L]]', '```', '~~~', '```js', '    indented [[I]]', '  continued [[E]]', 'text `code [[X]]` [[Y]]',
    'see [n](people/n.md) and [[Z|alias]]', '![[embed]]', '---', '***', '===', '| a | b |', '|---|---|', '<b>x</b>', '[r]: x.md', '- ',
    '-', '* star item', '+ plus item', '10. ten', '1234567890. big', '01) zero', '2) paren', '-x', '+', '1.', '   - three spaces', '      six spaces', 'trailing   ', '[[Jane#2026-05-18]]', '\\[[esc]]', '&amp;',
  ];
  it('on random notes made of tricky lines', () => {
    let scanned = 0;
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 14 }), fc.boolean(), fc.boolean(), (parts, crlf, fm) => {
        let text = parts.join('\n') + '\n';
        if (fm) text = `---\ntype: person\ntags:\n  - a\n---\n${text}`;
        if (crlf) text = text.replace(/\n/g, '\r\n');
        if (check(text) === 'scanned') scanned++;
      }),
      { numRuns: 1500, seed: 4242 },
    );
    expect(scanned).toBeGreaterThan(150);
  });
});

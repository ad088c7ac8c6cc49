import { readYamlFields, type FrontmatterField } from './frontmatter.js';
import { isDiagnosticCode, type Problem, type Severity, type SeverityOverrides } from './diagnostics.js';
import { isValidTimeZone, parseDate, parseInterval, type Interval } from './dates.js';
import { CONFIG_FIELDS } from './schema.js';
import { LineIndex } from './text.js';

export const CONFIG_FILE = 'rapport.yaml';

export interface Config {
  timezone?: string;
  today?: string;
  upcoming: Interval;
  thankYouWithin: Interval;
  /** Default cadence by tag or mentor kind (`mentor` matches any mentor). Keys are lower-cased. */
  cadence: Map<string, Interval>;
  ignore: string[];
  templates?: string;
  severity: SeverityOverrides;
  /** The fields as read, for editors (hover, ranges). */
  fields: FrontmatterField[];
}

export function defaultConfig(): Config {
  return {
    upcoming: { years: 0, months: 0, weeks: 0, days: 7 },
    thankYouWithin: { years: 0, months: 0, weeks: 0, days: 3 },
    cadence: new Map(),
    ignore: [],
    severity: {},
    fields: [],
  };
}

const SEVERITIES = ['error', 'warning', 'information', 'hint', 'off'];

/** Reads rapport.yaml. Never throws: a bad value is reported and its default kept. */
export function parseConfig(text: string): { config: Config; problems: Problem[] } {
  const lines = new LineIndex(text);
  const problems: Problem[] = [];
  const config = defaultConfig();
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const fields = readYamlFields(text.slice(start), start, lines, problems, 'rapport.yaml', 'invalid-value');
  if (!fields) return { config, problems };
  config.fields = fields;
  const bad = (f: FrontmatterField, message: string) => problems.push({ code: 'invalid-value', message, range: f.valueRange });
  for (const f of fields) {
    const v = f.value;
    switch (f.key) {
      case 'timezone':
        if (typeof v === 'string' && isValidTimeZone(v)) config.timezone = v;
        else bad(f, `'${String(v)}' is not a time zone: use an IANA name such as America/New_York.`);
        break;
      case 'today':
        if (typeof v === 'string' && parseDate(v)) config.today = v;
        else problems.push({ code: 'invalid-date', message: `today must be a real date as YYYY-MM-DD, not '${String(v)}'.`, range: f.valueRange });
        break;
      case 'upcoming':
      case 'thank_you_within': {
        const i = parseInterval(v);
        if (!i) bad(f, `'${String(v)}' is not a duration: write e.g. 7 days, 2w, 1 month.`);
        else if (f.key === 'upcoming') config.upcoming = i;
        else config.thankYouWithin = i;
        break;
      }
      case 'cadence':
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          for (const [k, d] of Object.entries(v)) {
            const i = parseInterval(d);
            if (i) config.cadence.set(k.trim().toLowerCase(), i);
            else bad(f, `cadence '${k}': '${String(d)}' is not a duration.`);
          }
        } else bad(f, 'cadence must map tags or mentor kinds to durations, e.g. mentor: 6 months.');
        break;
      case 'ignore':
        if (Array.isArray(v) && v.every((x) => typeof x === 'string')) config.ignore = v as string[];
        else if (typeof v === 'string') config.ignore = [v];
        else bad(f, 'ignore must be a list of paths or globs.');
        break;
      case 'templates':
        if (typeof v === 'string' && v.trim() && !v.includes('..') && !/^([a-z]:)?[\\/]/i.test(v)) config.templates = v.replace(/\\/g, '/').replace(/\/+$/, '');
        else bad(f, 'templates must be a folder inside the workspace, e.g. templates/.');
        break;
      case 'severity':
        if (v && typeof v === 'object' && !Array.isArray(v)) {
          for (const [k, s] of Object.entries(v)) {
            if (!isDiagnosticCode(k)) bad(f, `'${k}' is not a diagnostic code.`);
            else if (typeof s !== 'string' || !SEVERITIES.includes(s)) bad(f, `severity of '${k}' must be one of ${SEVERITIES.join(', ')}.`);
            else config.severity[k] = s as Severity | 'off';
          }
        } else bad(f, 'severity must map diagnostic codes to error, warning, information, hint or off.');
        break;
      default:
        if (!CONFIG_FIELDS.some((c) => c.key === f.key)) {
          problems.push({ code: 'unknown-field', message: `'${f.key}' is not a rapport.yaml setting.`, range: f.keyRange });
        }
    }
  }
  return { config, problems };
}

export * from './contacts.js';
export * from './people.js';
export * from './csv.js';
export * from './ics.js';
export * from './vcf.js';
export * from './json.js';
export * from './linkedin.js';
export * from './plan.js';

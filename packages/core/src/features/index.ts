export * from './views.js';
export * from './navigation.js';
export * from './symbols.js';
export * from './lens.js';
export * from './hover.js';
export * from './completion.js';
export * from './actions.js';
export * from './diagnostics.js';

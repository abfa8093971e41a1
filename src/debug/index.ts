/** The step debugger: sessions over the interpreter's trace, text rendering, the interactive loop. */
export * from './format.js';
export * from './repl.js';
export * from './session.js';
export * from './sourcemap.js';

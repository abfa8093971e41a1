export * from './opcodes.js';
export * from './scriptnum.js';
export * from './script.js';
export * from './asm.js';
export * from './bytes.js';

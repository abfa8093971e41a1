export * from './opcodes.js';
export * from './scriptnum.js';
export * from './script.js';
export * from './asm.js';
export * from './bytes.js';
export * from './stack-list.js';

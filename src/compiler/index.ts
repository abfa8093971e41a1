/** The model compiler: float model -> quantized integer model -> range proof -> Program -> script. */
export * from './errors.js';
export * from './intmodel.js';
export * from './csd.js';
export * from './quantize.js';
export * from './reference.js';
export * from './range.js';
export * from './program.js';
export * from './dialect.js';
export * from './emitter.js';
export * from './codegen.js';
export * from './witness.js';
export * from './cost.js';
export * from './compile.js';
export * from './warnings.js';
export * from './compare.js';
export * from './artifact.js';
export * from './evaluate.js';

/** bsml: run Bitcoin Script exactly and fast; compile small neural networks into it. */
export * from './script/index.js';
export * from './vm/index.js';
export { evaluate, verifyScript, selectEngine, parseEngineName, EngineError, type EngineName, type EngineEvaluateOptions, type EngineVerifyOptions } from './engine/index.js';

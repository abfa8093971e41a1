/** bsml: run Bitcoin Script exactly and fast; compile small neural networks into it. */
export * from './script/index.js';
export * from './vm/index.js';
export { evaluate, verifyScript, selectEngine, parseEngineName, EngineError, ArgumentError, type EngineName, type EngineEvaluateOptions, type EngineVerifyOptions } from './engine/index.js';
export { evaluateMany, verifyScriptMany, type EvaluateManyOptions, type VerifyManyOptions, type VerifyCase, type Verdict } from './engine/index.js';
export { evaluateBatch, evaluateBatchSync, evaluateBatchStream, BatchResult, BatchInputError, type BatchOptions, type BatchStacks, type DenseStacks, type BatchStats, type BatchIsa, type StackMatrix } from './engine/index.js';
export { importOnnx, importOnnxGraph, decodeOnnx, OnnxImportError, ONNX_OPSETS, type OnnxImportOptions, type OnnxGraph, type UnsupportedNode } from './models/onnx.js';
export { loadModel, ModelLoadError, type LoadModelOptions } from './models/load.js';
export { forward, argmax, classify } from './models/forward.js';
export { parseInputRange, calibrateRange, InputRangeError } from './models/range.js';
export { readDataset, readNumericCsv, parseNumericCsv, toDataset, CsvError, type Dataset, type NumericTable } from './models/csv.js';
export * from './bitcoin/index.js';
export * from './debug/index.js';
export { runPipeline, DEMO_ENGINES, type PipelineOptions, type PipelineResult, type Progress } from './demo/pipeline.js';
export { writeReport, renderReport, type ReportMeta, type ReportFiles } from './demo/report.js';
export { runSweep, parseSweepGrid, DEFAULT_SWEEP_GRID, SweepOptionsError, type SweepGrid, type SweepOptions, type SweepPoint, type SweepResult, type SweepSkip } from './demo/sweep.js';
export { OutputDirError } from './io/write-dir.js';
export { BsmlError } from './errors.js';

/**
 * bsml/testing: differential fuzzing of Bitcoin Script evaluators.
 *
 * - fast-check arbitraries for scripts (random bytes, an opcode grammar with numbers at every
 *   boundary, scripts at the consensus limits), stacks, flag sets and sigversions;
 * - `checkEquivalence(candidate, options)`: fuzz your evaluator against bsml's reference;
 * - `runDifferential`: the loop behind it and behind `bsml fuzz`.
 */
export { FUZZ_SIGVERSIONS, formatCase, formatFlags, formatStack, caseToJson, type EvalCase, type FuzzSigVersion } from './case.js';
export {
  BOUNDARY_MAGNITUDES,
  bigElement,
  boundaryValue,
  lockTimeBytes,
  numberEdgeBytes,
  padScriptNum,
  pubkeyBytes,
  pushDataN,
  pushOf,
  scriptNumBytes,
  signatureBytes,
  stackItem,
  stackItemWithBig,
} from './values.js';
export {
  assemble,
  checksigToken,
  elementSizeLimitScript,
  itemKind,
  limitScript,
  lockTimeToken,
  multisigToken,
  numberProbe,
  opCountLimitScript,
  program,
  pushToken,
  randomBytesScript,
  scriptSizeLimitScript,
  scriptToken,
  skippedProbe,
  stackProbe,
  stackSizeLimitScript,
  structuredScript,
  type ItemKind,
  type Program,
  type Token,
} from './scripts.js';
export { CASE_KINDS, evalCase, flagSet, initialStack, sigVersion, type CaseKind, type EvalCaseOptions } from './arbitraries.js';
export {
  RESULT_FIELDS,
  diffResults,
  formatResult,
  normalizeError,
  normalizeResult,
  type Evaluator,
  type SpendEvaluator,
  type EvaluatorResult,
  type NormalResult,
  type ResultField,
} from './compare.js';
export {
  CHUNK_SIZE,
  counterexampleToJson,
  formatCounterexample,
  runDifferential,
  type Counterexample,
  type CounterexampleLabels,
  type DifferentialOptions,
  type DifferentialReport,
  type Shard,
} from './differential.js';
export { FuzzJobError, mergeReports, reportFromJson, runFuzzShards, type FuzzShardsOptions } from './jobs.js';
export {
  counterexampleFromJson,
  counterexampleLine,
  FuzzLineError,
  parseFuzzLine,
  reportLine,
  reportToJson,
  type CampaignInfo,
  type CounterexampleJson,
  type FuzzLine,
  type ReportJson,
} from './fuzz-json.js';
export { DEFAULT_FUZZ_SECONDS, DEFAULT_MAX_COUNTEREXAMPLES } from './campaign-defaults.js';
export { engineEvaluator, engineSpendEvaluator, referenceEvaluator, referenceSpendEvaluator } from './evaluators.js';
export { FUZZ_KINDS, fuzzCase, type FuzzKind } from './fuzz-kinds.js';
export { formatFuzzCase, fuzzCaseFromJson, fuzzCaseKey, fuzzCaseToJson, type EvalCaseJson, type FuzzCase, type FuzzCaseJson } from './fuzz-case.js';
export { formatSpendCase, isSpendCase, spendCaseFromJson, spendCaseToJson, type SpendCase, type SpendCaseJson } from './spend-case.js';
export {
  SPEND_SHAPES,
  TAPROOT_SHAPES,
  consistentFlags,
  hash160,
  p2shScript,
  p2shP2wshSpend,
  p2shSpend,
  p2wpkhSpend,
  p2wshScript,
  p2wshSpend,
  pushes,
  spendCase,
  spendFlags,
  spendItem,
  spendParts,
  spendScript,
  taprootParts,
  taprootSpend,
  type SpendParts,
  type SpendShape,
  type SpendShapeOptions,
  type TaprootShape,
} from './spends.js';
export { checkEquivalence, EquivalenceError, type CheckEquivalenceOptions, type EquivalenceReport } from './equivalence.js';
export { profileCases, type CaseProfile } from './profile.js';
export { checkEnginesAvailable, fuzzEngines, FuzzUsageError, parseEngineList, type FuzzEngine, type FuzzEnginesOptions } from './campaign.js';

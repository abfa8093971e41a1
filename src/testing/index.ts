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
  opCountLimitScript,
  program,
  pushToken,
  randomBytesScript,
  scriptSizeLimitScript,
  scriptToken,
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
export { mergeReports, reportFromJson, runFuzzShards, type FuzzShardsOptions } from './jobs.js';
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
export { engineEvaluator, referenceEvaluator } from './evaluators.js';
export { checkEquivalence, EquivalenceError, type CheckEquivalenceOptions, type EquivalenceReport } from './equivalence.js';
export { profileCases, type CaseProfile } from './profile.js';
export { checkEnginesAvailable, fuzzEngines, FuzzUsageError, parseEngineList, type FuzzEngine, type FuzzEnginesOptions } from './campaign.js';

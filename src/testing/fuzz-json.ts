/**
 * The machine forms of a campaign's output, and reading them back:
 *
 * - `bsml fuzz --json`: one object, the report ({@link reportToJson});
 * - `bsml fuzz --jsonl`: one object per line, each with a `type`: every counterexample as soon as
 *   it is found (`"type":"counterexample"`), then the report (`"type":"report"`, the `--json`
 *   object plus `type`). `--jobs N` reads its shard processes' lines this way as they arrive.
 */
import { fuzzCaseFromJson, type FuzzCaseJson } from './fuzz-case.js';
import type { NormalResult, ResultField } from './compare.js';
import { counterexampleToJson, type Counterexample, type DifferentialReport, type Shard } from './differential.js';
import { BsmlError } from '../errors.js';
import { quote, quoteJson } from '../io/quote.js';

/** What a campaign's JSON says besides its results: the engines, and the shard or job count. */
export interface CampaignInfo {
  engines: readonly string[];
  shard?: Shard;
  /** Processes the campaign ran in (`--jobs`), when more than one. */
  jobs?: number;
}

/** A counterexample as JSON (see `counterexampleToJson`). */
export interface CounterexampleJson {
  /**
   * The case: an evaluate case `{script, asm, stack, flags, flagBits, sigVersion}`, or a spend
   * `{kind: "spend", scriptSig, scriptSigAsm, scriptPubKey, scriptPubKeyAsm, witness, flags, flagBits}`
   * (hex bytes, ASM, flag names; `flagBits` is what is read back).
   */
  case: FuzzCaseJson;
  differs: (ResultField | 'failure')[];
  reference: NormalResult;
  candidate: NormalResult;
  seed: number;
  path: string;
  numShrinks: number;
}

/** A report as `bsml fuzz --json` prints it. */
export interface ReportJson {
  engines: readonly string[];
  shard?: string;
  jobs?: number;
  seed: number;
  cases: number;
  mismatches: number;
  elapsedMs: number;
  referenceErrors: Record<string, number>;
  counterexamples: CounterexampleJson[];
  /** Present (true) when the campaign was stopped early (Ctrl-C). */
  interrupted?: true;
}

/** A `--jsonl` line that was not one of ours (not JSON, unknown `type`, missing fields). */
export class FuzzLineError extends BsmlError {
  readonly code = 'BAD_FUZZ_LINE';
  override readonly name = 'FuzzLineError';
}

const shardText = (s: Shard): string => `${s.index}/${s.count}`;

/** The `--json` object of a report. */
export function reportToJson(report: DifferentialReport, info: CampaignInfo): ReportJson {
  return {
    engines: info.engines,
    ...(info.shard ? { shard: shardText(info.shard) } : {}),
    ...(info.jobs !== undefined && info.jobs > 1 ? { jobs: info.jobs } : {}),
    seed: report.seed,
    cases: report.cases,
    mismatches: report.mismatches,
    elapsedMs: report.elapsedMs,
    referenceErrors: report.referenceErrors,
    counterexamples: report.counterexamples.map((c) => counterexampleToJson(c) as unknown as CounterexampleJson),
    ...(report.interrupted ? { interrupted: true as const } : {}),
  };
}

/**
 * The `--jsonl` line (newline included) of a counterexample: `{type: "counterexample", engines,
 * shard?, seed, path, replay?, differs, case, reference, candidate, numShrinks}`.
 */
export function counterexampleLine(cx: Counterexample, info: CampaignInfo & { replay?: string }): string {
  const j = counterexampleToJson(cx) as unknown as CounterexampleJson;
  return (
    JSON.stringify({
      type: 'counterexample',
      engines: info.engines,
      ...(info.shard ? { shard: shardText(info.shard) } : {}),
      seed: j.seed,
      path: j.path,
      ...(info.replay !== undefined ? { replay: info.replay } : {}),
      differs: j.differs,
      case: j.case,
      reference: j.reference,
      candidate: j.candidate,
      numShrinks: j.numShrinks,
    }) + '\n'
  );
}

/** The last `--jsonl` line (newline included): the `--json` report with `type: "report"` first. */
export function reportLine(report: DifferentialReport, info: CampaignInfo): string {
  return JSON.stringify({ type: 'report', ...reportToJson(report, info) }) + '\n';
}

/** A counterexample back from its JSON (throws RangeError/TypeError on a malformed one). */
export function counterexampleFromJson(c: CounterexampleJson): Counterexample {
  if (typeof c !== 'object' || c === null || typeof c.case !== 'object' || c.case === null) throw new TypeError('a counterexample needs a case');
  if (!Array.isArray(c.differs) || typeof c.seed !== 'number' || typeof c.path !== 'string' || typeof c.numShrinks !== 'number') {
    throw new TypeError('a counterexample needs differs, seed, path and numShrinks');
  }
  return { case: fuzzCaseFromJson(c.case), differs: [...c.differs], reference: c.reference, candidate: c.candidate, seed: c.seed, path: c.path, numShrinks: c.numShrinks };
}

/** A report back from its `--json` object (throws on a malformed one). */
export function reportFromJson(j: ReportJson): DifferentialReport {
  if (typeof j !== 'object' || j === null) throw new TypeError('a report is an object');
  for (const k of ['seed', 'cases', 'mismatches', 'elapsedMs'] as const) if (typeof j[k] !== 'number') throw new TypeError(`a report needs a number ${k}`);
  if (typeof j.referenceErrors !== 'object' || j.referenceErrors === null || !Array.isArray(j.counterexamples)) throw new TypeError('a report needs referenceErrors and counterexamples');
  return {
    seed: j.seed,
    cases: j.cases,
    mismatches: j.mismatches,
    elapsedMs: j.elapsedMs,
    referenceErrors: { ...j.referenceErrors },
    counterexamples: j.counterexamples.map(counterexampleFromJson),
    ...(j.interrupted === true ? { interrupted: true } : {}),
  };
}

/** One `--jsonl` line read back. */
export type FuzzLine = { type: 'counterexample'; counterexample: Counterexample } | { type: 'report'; report: DifferentialReport };

/** Reads one `--jsonl` line; throws {@link FuzzLineError} saying what is wrong with it. */
export function parseFuzzLine(line: string): FuzzLine {
  let j: unknown;
  try {
    j = JSON.parse(line);
  } catch {
    throw new FuzzLineError(`not a JSON line: ${quote(line, 80)}`);
  }
  const type = (j as { type?: unknown } | null)?.type;
  try {
    if (type === 'counterexample') return { type, counterexample: counterexampleFromJson(j as CounterexampleJson) };
    if (type === 'report') return { type, report: reportFromJson(j as ReportJson) };
  } catch (e) {
    throw new FuzzLineError(`a malformed ${type} line: ${(e as Error).message}`);
  }
  throw new FuzzLineError(`a line of unknown type ${quoteJson(type)} (expected "counterexample" or "report")`);
}

/**
 * What an evaluator reports and how two reports are compared: only the fields the candidate
 * reports are compared, after normalising error names and stack items.
 */
import { fromHex, toHex } from '../script/bytes.js';
import { SCRIPT_ERRORS } from '../vm/errors.js';
import type { FuzzSigVersion } from './case.js';
import { formatStack } from './case.js';

/**
 * What an evaluator returns for one case. Leave out (undefined) any field your implementation
 * cannot report; only reported fields are compared.
 *
 * - `success`: whether the script passed.
 * - `error`: Bitcoin Core's `ScriptError`, as a name with or without the `SCRIPT_ERR_` prefix
 *   (`'EVAL_FALSE'`, `'SCRIPT_ERR_EVAL_FALSE'`, case-insensitive) or as Core's enum number.
 *   `'OK'` on success.
 * - `stack` / `altstack`: the stacks when evaluation stopped, bottom first, as bytes or hex.
 * - `opCount`: Core's nOpCount when evaluation stopped.
 */
export interface EvaluatorResult {
  success?: boolean;
  error?: string | number;
  stack?: readonly (Uint8Array | string)[];
  altstack?: readonly (Uint8Array | string)[];
  opCount?: number;
}

/**
 * An implementation under test: evaluates `script` on `stack` (bottom first; a fresh copy it may
 * mutate) with SCRIPT_VERIFY_* `flags` (see `FLAGS`) under `sigVersion`. May return a promise.
 */
export type Evaluator = (
  script: Uint8Array,
  stack: Uint8Array[],
  flags: number,
  sigVersion: FuzzSigVersion,
) => EvaluatorResult | Promise<EvaluatorResult>;

/**
 * An implementation under test for spends: Core's VerifyScript of `scriptSig` and `scriptPubKey`
 * with `witness` (bottom first; a fresh copy) and SCRIPT_VERIFY_* `flags`, with a checker that
 * passes no signature. Reports as an {@link Evaluator} does. May return a promise.
 */
export type SpendEvaluator = (
  scriptSig: Uint8Array,
  scriptPubKey: Uint8Array,
  witness: Uint8Array[],
  flags: number,
) => EvaluatorResult | Promise<EvaluatorResult>;

/** The fields that can be compared. */
export type ResultField = 'success' | 'error' | 'stack' | 'altstack' | 'opCount';

/** Every comparable field, in report order. */
export const RESULT_FIELDS: readonly ResultField[] = ['success', 'error', 'stack', 'altstack', 'opCount'];

/** A result with every reported field normalised (error names, hex stacks). */
export interface NormalResult {
  success?: boolean;
  error?: string;
  stack?: string[];
  altstack?: string[];
  opCount?: number;
  /** Set when the evaluator threw, timed out or returned something that is not a result. */
  failure?: string;
}

/** Core's name for an error given as a name (any case, optional `SCRIPT_ERR_`) or enum number. */
export function normalizeError(e: string | number): string {
  if (typeof e === 'number') return SCRIPT_ERRORS[e] ?? `#${e}`;
  return e.trim().toUpperCase().replace(/^SCRIPT_ERR_/, '');
}

function normalizeStack(s: unknown, field: string): string[] {
  if (!Array.isArray(s)) throw new TypeError(`${field} is not an array`);
  return s.map((item, i) => {
    if (item instanceof Uint8Array) return toHex(item);
    if (typeof item === 'string') return toHex(fromHex(item));
    throw new TypeError(`${field}[${i}] is neither a Uint8Array nor a hex string`);
  });
}

/** Normalises an evaluator's answer; anything malformed becomes a `failure`. */
export function normalizeResult(r: unknown): NormalResult {
  if (typeof r !== 'object' || r === null) return { failure: `returned ${r === null ? 'null' : typeof r} instead of a result object` };
  const x = r as EvaluatorResult;
  const out: NormalResult = {};
  try {
    if (x.success !== undefined) {
      if (typeof x.success !== 'boolean') throw new TypeError('success is not a boolean');
      out.success = x.success;
    }
    if (x.error !== undefined) {
      if (typeof x.error !== 'string' && typeof x.error !== 'number') throw new TypeError('error is neither a string nor a number');
      out.error = normalizeError(x.error);
    }
    if (x.stack !== undefined) out.stack = normalizeStack(x.stack, 'stack');
    if (x.altstack !== undefined) out.altstack = normalizeStack(x.altstack, 'altstack');
    if (x.opCount !== undefined) {
      if (typeof x.opCount !== 'number') throw new TypeError('opCount is not a number');
      out.opCount = x.opCount;
    }
  } catch (e) {
    return { failure: `returned a malformed result: ${(e as Error).message}` };
  }
  return out;
}

/**
 * The fields in which `candidate` differs from `reference`, among `fields` and those the candidate
 * reported. A candidate failure (throw, timeout, malformed result) differs in `'failure'`.
 */
export function diffResults(reference: NormalResult, candidate: NormalResult, fields: readonly ResultField[] = RESULT_FIELDS): (ResultField | 'failure')[] {
  if (candidate.failure !== undefined || reference.failure !== undefined) return ['failure'];
  const out: ResultField[] = [];
  for (const f of fields) {
    const c = candidate[f];
    if (c === undefined) continue;
    const r = reference[f];
    const same = Array.isArray(c) ? Array.isArray(r) && c.length === r.length && c.every((v, i) => v === r[i]) : c === r;
    if (!same) out.push(f);
  }
  return out;
}

/** One line describing a result (only its reported fields). */
export function formatResult(r: NormalResult): string {
  if (r.failure !== undefined) return r.failure;
  const parts: string[] = [];
  if (r.success !== undefined) parts.push(r.success ? 'success' : 'failure');
  if (r.error !== undefined) parts.push(`error ${r.error}`);
  if (r.opCount !== undefined) parts.push(`opCount ${r.opCount}`);
  const hexStack = (s: string[]) => formatStack(s.map(fromHex));
  if (r.stack !== undefined) parts.push(`stack ${hexStack(r.stack)}`);
  if (r.altstack !== undefined) parts.push(`altstack ${hexStack(r.altstack)}`);
  return parts.join(', ') || '(reported nothing)';
}

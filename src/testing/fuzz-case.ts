/**
 * A campaign's case: an evaluate case (`EvalCase`) or a spend (`SpendCase`), printed, keyed and
 * carried in JSON by its own kind (an evaluate case's JSON shape is unchanged; a spend's has
 * `kind: "spend"`).
 */
import { caseFromJson, caseKey, caseToJson, formatCase, type EvalCase, type EvalCaseJson } from './case.js';

export type { EvalCaseJson } from './case.js';
import { formatSpendCase, isSpendCase, spendCaseFromJson, spendCaseKey, spendCaseToJson, type SpendCase, type SpendCaseJson } from './spend-case.js';

/** Any case a campaign runs. */
export type FuzzCase = EvalCase | SpendCase;

/** Any case in JSON. */
export type FuzzCaseJson = EvalCaseJson | SpendCaseJson;

/** The lines that describe a case in a counterexample report. */
export function formatFuzzCase(c: FuzzCase): string[] {
  return isSpendCase(c) ? formatSpendCase(c) : formatCase(c);
}

/** A string equal for two cases exactly when they are equal. */
export function fuzzCaseKey(c: FuzzCase): string {
  return isSpendCase(c) ? spendCaseKey(c) : caseKey(c);
}

/** A JSON-friendly copy of a case. */
export function fuzzCaseToJson(c: FuzzCase): FuzzCaseJson {
  return isSpendCase(c) ? spendCaseToJson(c) : caseToJson(c);
}

/** The case a {@link fuzzCaseToJson} copy describes. */
export function fuzzCaseFromJson(j: FuzzCaseJson): FuzzCase {
  if ((j as SpendCaseJson).kind === 'spend') return spendCaseFromJson(j as SpendCaseJson);
  if ('kind' in j) throw new RangeError(`unknown case kind ${JSON.stringify((j as { kind: unknown }).kind)} (expected "spend" or none)`);
  return caseFromJson(j);
}

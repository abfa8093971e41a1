/**
 * Amounts in satoshis as Bitcoin Core holds them: `CAmount` is a signed 64-bit integer, and a
 * value a transaction may carry (an output, a spent output) is within `MoneyRange`: 0 to
 * MAX_MONEY (consensus/amount.h). Nothing here wraps a value modulo 2^64: an amount that does not
 * fit is refused by the callers with an error naming it.
 */
import { quote } from '../io/quote.js';

/** Satoshis per bitcoin (Core's `COIN`). */
export const COIN = 100_000_000n;

/** Core's `MAX_MONEY`: 21 000 000 BTC, in satoshis (the largest amount in `MoneyRange`). */
export const MAX_MONEY = 21_000_000n * COIN;

/** The range of Core's `CAmount` (int64_t). */
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

/** Core's `MoneyRange`: a bigint in [0, MAX_MONEY]. */
export function moneyRange(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= 0n && value <= MAX_MONEY;
}

/** True for a bigint that fits Core's `CAmount` (int64_t). */
export function isInt64(value: unknown): value is bigint {
  return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX;
}

/** `value` for a message: a bigint as its digits, anything else with its type. */
export function describeAmount(value: unknown): string {
  if (typeof value === 'bigint') return `${value}`;
  if (typeof value === 'string') return `the string ${quote(value, 40)}`;
  return `${value === null ? 'null' : typeof value} ${String(value)}`;
}

/** Why `value` is not in `MoneyRange`, or undefined when it is. */
export function moneyRangeProblem(value: unknown): string | undefined {
  if (moneyRange(value)) return undefined;
  if (typeof value !== 'bigint') return `${describeAmount(value)} is not an amount (a bigint number of satoshis)`;
  return `${value} sat is out of range (0..${MAX_MONEY} sat: at most 21000000 BTC, Core's MoneyRange)`;
}

/** Why `value` is not a Core `CAmount` (int64), or undefined when it is. */
export function int64Problem(value: unknown): string | undefined {
  if (isInt64(value)) return undefined;
  if (typeof value !== 'bigint') return `${describeAmount(value)} is not an amount (a bigint number of satoshis)`;
  return `${value} sat does not fit a 64-bit amount (${INT64_MIN}..${INT64_MAX}, Core's CAmount)`;
}

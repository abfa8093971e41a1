/**
 * Numbers written by people: a plain decimal (an optional sign, digits with an optional fraction,
 * an optional exponent), surrounding spaces allowed. JavaScript's Number() also reads hex, binary
 * and octal literals (`0x10` is 16), `Infinity` and an empty string (0): data files and options
 * take none of those as numbers.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;

/** The value of a plain decimal number, or NaN for any other text. */
export function parseDecimal(text: string): number {
  const t = text.trim();
  return DECIMAL.test(t) ? Number(t) : NaN;
}

/**
 * Why a value {@link parseDecimal} gave is not finite, for a message (`"1e400" is not finite (…)`):
 * NaN is text that is not a decimal number; ±Infinity is a decimal beyond the doubles (`1e400`).
 */
export function nonFiniteReason(value: number): string {
  return Number.isNaN(value) ? 'not a decimal number' : `not finite (its magnitude is beyond the largest double, ${Number.MAX_VALUE})`;
}

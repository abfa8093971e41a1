/** Canonical signed-digit (non-adjacent form) recoding of integer constants. */

/**
 * The non-adjacent form of `n`: digits in {-1, 0, 1}, least significant first, with no two
 * adjacent nonzero digits; `sum(d[p] * 2^p) === n`. It has the fewest nonzero digits of any
 * signed-binary form. `naf(0)` is `[]`.
 */
export function naf(n: number): number[] {
  if (!Number.isSafeInteger(n)) throw new RangeError(`naf: not a safe integer: ${n}`);
  const out: number[] = [];
  let v = n;
  while (v !== 0) {
    let d = 0;
    if (v % 2 !== 0) {
      const m = ((v % 4) + 4) % 4;
      d = m === 1 ? 1 : -1;
      v -= d;
    }
    out.push(d);
    v /= 2;
  }
  return out;
}

/** Sum of |digit|·2^p over the NAF of `n`: bounds every partial sum of its digits (>= |n|). */
export function nafMagnitude(n: number): number {
  return naf(n).reduce((s, d, p) => s + Math.abs(d) * 2 ** p, 0);
}

/** Number of nonzero NAF digits of `n`. */
export function nafWeight(n: number): number {
  return naf(n).reduce((s, d) => s + (d !== 0 ? 1 : 0), 0);
}

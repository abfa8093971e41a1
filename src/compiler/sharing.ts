/**
 * Sharing across neurons (a multiple-constant-multiplication pass): within one layer, a pair of
 * signed digits `±a, ±b` that sits in the same bit plane of many neurons is computed once as
 * `c = a ± b` and each of those neurons adds `c` instead of `a` and `b`. Greedy: repeatedly take the
 * pair that occurs most often (at least 3 times), until none does or the budget of shared values is
 * spent. A pure function of digit lists; codegen decides whether the result is smaller.
 */

/** One signed digit of a neuron: `sign * 2^plane * value(id)`. */
export interface Digit {
  id: string;
  plane: number;
  sign: number;
}

/** A shared value `id = a + rel * b`. */
export interface SharedPair {
  id: string;
  a: string;
  b: string;
  rel: number;
}

/** Result of the pass: the shared values, in creation order, and each neuron's rewritten digits. */
export interface SharingPlan {
  pairs: SharedPair[];
  digits: Digit[][];
}

/** Greedy pair sharing over the digit lists of one layer's neurons. */
export function planSharing(neurons: readonly Digit[][], prefix: string, maxPairs: number, maxWork = 1.5e6, minCount = 3): SharingPlan {
  const digits = neurons.map((d) => d.slice());
  const pairs: SharedPair[] = [];
  // Each round counts every same-plane digit pair; give up on layers where that is too costly.
  let round = 0;
  for (const list of digits) {
    const perPlane = new Map<number, number>();
    for (const d of list) perPlane.set(d.plane, (perPlane.get(d.plane) ?? 0) + 1);
    for (const m of perPlane.values()) round += (m * (m - 1)) / 2;
  }
  if (round * 4 > maxWork) return { pairs, digits };
  const SPAN = 1 << 20;
  const names: string[] = [];
  const ids = new Map<string, number>();
  const index = (id: string) => {
    let i = ids.get(id);
    if (i === undefined) {
      i = names.length;
      ids.set(id, i);
      names.push(id);
    }
    return i;
  };
  let work = 0;
  while (pairs.length < maxPairs) {
    const counts = new Map<number, number>();
    for (const list of digits) {
      const byPlane = new Map<number, Digit[]>();
      for (const d of list) (byPlane.get(d.plane) ?? byPlane.set(d.plane, []).get(d.plane)!).push(d);
      for (const ds of byPlane.values()) {
        work += (ds.length * (ds.length - 1)) / 2;
        const idx = ds.map((d) => index(d.id));
        for (let i = 0; i < ds.length; i++) {
          for (let j = i + 1; j < ds.length; j++) {
            const [x, y] = idx[i]! < idx[j]! ? [idx[i]!, idx[j]!] : [idx[j]!, idx[i]!];
            const key = (x * SPAN + y) * 2 + (ds[i]!.sign * ds[j]!.sign > 0 ? 1 : 0);
            counts.set(key, (counts.get(key) ?? 0) + 1);
          }
        }
      }
    }
    let best = -1;
    let bestCount = minCount - 1;
    for (const [k, c] of counts) if (c > bestCount || (c === bestCount && best >= 0 && k < best)) [best, bestCount] = [k, c];
    if (best < 0 || work > maxWork) break;
    const rel = best % 2 === 1 ? 1 : -1;
    const pairKey = Math.floor(best / 2);
    const a = names[Math.floor(pairKey / SPAN)]!;
    const b = names[pairKey % SPAN]!;
    const id = `${prefix}${pairs.length}`;
    pairs.push({ id, a, b, rel });
    for (let n = 0; n < digits.length; n++) {
      const list = digits[n]!;
      const out: Digit[] = [];
      const planesA = new Map(list.filter((d) => d.id === a).map((d) => [d.plane, d]));
      const planesB = new Map(list.filter((d) => d.id === b).map((d) => [d.plane, d]));
      const merged = new Set<number>();
      for (const [p, da] of planesA) {
        const db = planesB.get(p);
        if (db && da.sign * db.sign === rel) merged.add(p);
      }
      for (const d of list) {
        if ((d.id === a || d.id === b) && merged.has(d.plane)) {
          if (d.id === a) out.push({ id, plane: d.plane, sign: d.sign });
          continue;
        }
        out.push(d);
      }
      digits[n] = out;
    }
  }
  return { pairs, digits };
}

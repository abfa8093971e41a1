import { expect } from 'vitest';
import type { EvalResult } from '../../src/vm/verify.js';

/** Where the TypeScript engine returns one of the caller's items, the native engine returns the same one (and vice versa). */
export function expectSameIdentity(ts: EvalResult, nat: EvalResult, inputs: readonly Uint8Array[]): void {
  const own = new Set(inputs);
  const a = [...ts.stack, ...ts.altstack];
  const b = [...nat.stack, ...nat.altstack];
  for (let i = 0; i < a.length; i++) {
    // An empty input passed through may come back as a new empty array (its address is not its own).
    if (own.has(a[i]!) && a[i]!.length === 0) continue;
    expect(own.has(b[i]!), `item ${i} is the caller's on one engine only`).toBe(own.has(a[i]!));
    if (own.has(a[i]!)) expect(b[i], `item ${i} is another caller item`).toBe(a[i]);
  }
}

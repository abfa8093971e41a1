/**
 * verifyScriptMany with witnesses of more than 16 items: the native engine answers those cases with
 * its single call (which packs only the witness items the spend may read) between the chunks of
 * the others. Results equal the TypeScript engine's case by case, the items the spend left alone
 * are the caller's own arrays where TypeScript returns them, and checkers run in case order.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyScriptMany } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { baseChecker, type SignatureChecker } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';

const FL = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.CHECKLOCKTIMEVERIFY;
const p2wsh = (script: Uint8Array) => Uint8Array.of(0x00, 0x20, ...createHash('sha256').update(script).digest());
const items = (n: number, salt: number) => Array.from({ length: n }, (_, k) => new Uint8Array(1 + ((k + salt) % 30)).fill(((k + salt) % 250) + 1));

// Case i: a P2WSH spend whose script calls the checker with lock time i, then reads `reach` items.
function cases(sizes: number[]) {
  return sizes.map((n, i) => {
    const body = ['DEPTH DROP', '2DUP DROP DROP', 'DEPTH 1SUB PICK DROP', '5 PICK DROP'][i % 4]!;
    const script = parseCoreAsm(`${i + 1} CHECKLOCKTIMEVERIFY DROP ${body}`);
    return { scriptSig: new Uint8Array(0), scriptPubKey: p2wsh(script), witness: [...items(n, i), script] };
  });
}

function recording(): { checker: SignatureChecker; calls: number[] } {
  const calls: number[] = [];
  return { calls, checker: { ...baseChecker, checkLockTime: (t: number) => (calls.push(t), true) } };
}

describe.skipIf(!loadNative())('verifyScriptMany, native, witnesses of more than 16 items', () => {
  const sizes = [3, 900, 17, 16, 1, 500, 999, 8, 40, 2, 700, 6];
  for (const stacks of [true, false]) {
    it(`equals the TypeScript engine case by case, checkers in case order (stacks: ${stacks})`, () => {
      const cs = cases(sizes);
      const t = recording();
      const n = recording();
      const ts = verifyScriptMany(cs, { flags: FL, checker: t.checker, engine: 'ts', stacks });
      const native = verifyScriptMany(cs, { flags: FL, checker: n.checker, engine: 'native', stacks });
      expect(native).toEqual(ts);
      expect(t.calls).toEqual(sizes.map((_, i) => i + 1));
      expect(n.calls).toEqual(t.calls);
      if (stacks) {
        // Items passed through are the caller's own arrays, exactly where TypeScript returns them.
        for (let i = 0; i < cs.length; i++) {
          const own = new Set(cs[i]!.witness);
          const a = (ts[i] as { stack: Uint8Array[] }).stack;
          const b = (native[i] as { stack: Uint8Array[] }).stack;
          expect(b.map((u) => own.has(u)), `case ${i}`).toEqual(a.map((u) => own.has(u)));
        }
      }
    });
  }
});

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { parseVectors, runVector } from '../../src/vm/vectors.js';
import { verifyScript } from '../../src/vm/verify.js';

const native = loadNative();
const cases = parseVectors(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8'));

describe.skipIf(!native)('Bitcoin Core script_tests.json on the native engine', () => {
  it.each(cases.map((c) => [c.index, c] as const))('case %i', (_i, c) => {
    let nativeResult;
    const o = runVector(c, (cc, checker) => {
      nativeResult = native!.verifyScript(cc.scriptSig, cc.scriptPubKey, { flags: cc.flags, checker, witness: cc.witness });
      expect(nativeResult, 'the native engine declined').toBeDefined();
      return nativeResult!;
    });
    expect(o.status, `${c.scriptSigAsm} | ${c.scriptPubKeyAsm} | ${c.flagsText} | ${c.comment}`).toBe('pass');
    expect(o.got).toBe(c.expected);
    // Beyond the verdict: the same stack, altstack and op count as the TypeScript reference.
    const ts = verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness });
    const nt = native!.verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness });
    expect(nt).toEqual(ts);
  });
});

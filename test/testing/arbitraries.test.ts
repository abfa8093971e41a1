import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeScriptNum, isMinimallyEncoded, encodeScriptNum } from '../../src/script/scriptnum.js';
import { decodeScript, isMinimalPush, isTruncated } from '../../src/script/script.js';
import { OP } from '../../src/script/opcodes.js';
import { ALL_FLAGS, FLAGS } from '../../src/vm/flags.js';
import { MAX_SCRIPT_SIZE } from '../../src/vm/limits.js';
import {
  evalCase,
  flagSet,
  opCountLimitScript,
  padScriptNum,
  profileCases,
  pushOf,
  scriptSizeLimitScript,
  stackSizeLimitScript,
  elementSizeLimitScript,
  structuredScript,
  initialStack,
  program,
} from '../../src/testing/index.js';

describe('value arbitraries', () => {
  it('padScriptNum gives a non-minimal encoding of the same value', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 31) + 1, max: 2 ** 31 - 1 }), (v) => {
        const padded = padScriptNum(encodeScriptNum(v));
        expect(isMinimallyEncoded(padded)).toBe(false);
        expect(decodeScriptNum(padded, false, 5)).toBe(v);
      }),
    );
  });

  it('pushOf makes minimal pushes and, sometimes, non-minimal ones of the same data', () => {
    let minimal = 0;
    let nonMinimal = 0;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }).chain((d) => pushOf(fc.constant(d)).map((p) => [d, p] as const)), ([data, push]) => {
        const ins = decodeScript(push);
        expect(ins).toHaveLength(1);
        const i = ins[0]!;
        expect(isTruncated(i)).toBe(false);
        if (isTruncated(i)) return;
        const pushed = i.data ?? (i.opcode === OP.OP_1NEGATE ? Uint8Array.of(0x81) : Uint8Array.of(i.opcode - OP.OP_1 + 1));
        expect(Array.from(pushed)).toEqual(Array.from(data));
        if (i.data === undefined || isMinimalPush(i.data, i.opcode)) minimal++;
        else nonMinimal++;
      }),
      { numRuns: 1000, seed: 11 },
    );
    expect(minimal).toBeGreaterThan(750);
    expect(nonMinimal).toBeGreaterThan(25);
  });

  it('flag sets only use the bits of the mask, and include none and all', () => {
    const mask = FLAGS.P2SH | FLAGS.MINIMALDATA | FLAGS.TAPROOT;
    const seen = new Set(fc.sample(flagSet(mask), { numRuns: 500, seed: 3 }));
    for (const f of seen) expect(f & ~mask).toBe(0);
    expect(seen.has(0)).toBe(true);
    expect(seen.has(mask)).toBe(true);
    for (const f of fc.sample(flagSet(), { numRuns: 500, seed: 4 })) expect(f & ~ALL_FLAGS).toBe(0);
  });
});

describe('limit scripts', () => {
  it('scriptSizeLimitScript stays within 8 bytes of 10,000 and hits both sides', () => {
    const sizes = fc.sample(scriptSizeLimitScript, { numRuns: 300, seed: 5 }).map((s) => s.length);
    // All but the rare script drawn without its padding (its switch at 0: a few in 1000, for shrinking).
    const far = sizes.filter((n) => Math.abs(n - MAX_SCRIPT_SIZE) > 8);
    expect(far.length).toBeLessThanOrEqual(3);
    for (const n of far) expect(n).toBeLessThan(1000);
    expect(sizes.some((n) => n <= MAX_SCRIPT_SIZE)).toBe(true);
    expect(sizes.some((n) => n > MAX_SCRIPT_SIZE)).toBe(true);
  });

  it('limit scripts reach OP_COUNT, SCRIPT_SIZE, STACK_SIZE and PUSH_SIZE, and also pass near them', () => {
    const errors = (arb: fc.Arbitrary<Uint8Array>, seed: number) =>
      profileCases(
        fc.record({ script: arb, stack: fc.constant([]), flags: fc.constant(0), sigVersion: fc.constantFrom('base' as const, 'witness_v0' as const) }),
        { numRuns: 150, seed },
      ).errors;
    const opc = errors(opCountLimitScript, 1);
    expect(opc.OP_COUNT).toBeGreaterThan(5);
    expect(Object.keys(opc).length).toBeGreaterThan(2);
    expect(errors(scriptSizeLimitScript, 2).SCRIPT_SIZE).toBeGreaterThan(5);
    expect(errors(stackSizeLimitScript, 3).STACK_SIZE).toBeGreaterThan(5);
    expect(errors(elementSizeLimitScript, 4).PUSH_SIZE).toBeGreaterThan(5);
  });

  it('initial stacks sometimes sit at the 1000-item limit', () => {
    const sizes = fc.sample(initialStack, { numRuns: 1000, seed: 6 }).map((s) => s.length);
    expect(sizes.filter((n) => n >= 990 && n <= 1001).length).toBeGreaterThan(10);
    expect(sizes.filter((n) => n <= 7).length).toBeGreaterThan(800);
  });
});

describe('structured scripts', () => {
  it('a program has at most maxTokens top-level tokens, probe programs included (none for 0)', () => {
    for (const n of [0, 1, 2]) {
      const lengths = fc.sample(program(n), { numRuns: 400, seed: 3 }).map((p) => p.tokens.length);
      expect(Math.max(...lengths), `maxTokens ${n}`).toBe(n);
    }
  });

  it('produce balanced and unbalanced conditionals and nest them', () => {
    const scripts = fc.sample(structuredScript(), { numRuns: 1000, seed: 8 });
    let nested = 0;
    let unbalanced = 0;
    for (const s of scripts) {
      let depth = 0;
      let max = 0;
      let bad = false;
      for (const i of decodeScript(s)) {
        if (i.opcode === OP.OP_IF || i.opcode === OP.OP_NOTIF) max = Math.max(max, ++depth);
        if (i.opcode === OP.OP_ENDIF && --depth < 0) bad = true;
      }
      if (max >= 2) nested++;
      if (bad || depth !== 0) unbalanced++;
    }
    expect(nested).toBeGreaterThan(50);
    expect(unbalanced).toBeGreaterThan(20);
    expect(unbalanced).toBeLessThan(500);
  });
});

describe('evalCase runs deep', () => {
  // The distribution is reported in the README; these bounds keep the fuzzer from regressing into
  // cases that all fail on their first opcode.
  const p = profileCases(evalCase(), { numRuns: 3000, seed: 2024 });

  it('has a good share of cases that execute many instructions or reach the end', () => {
    expect(p.stepsAtLeast[5]).toBeGreaterThan(0.3);
    expect(p.stepsAtLeast[10]).toBeGreaterThan(0.15);
    expect(p.reachedEnd).toBeGreaterThan(0.2);
  });

  it('spreads over many outcomes, none dominating', () => {
    expect(Object.keys(p.errors).length).toBeGreaterThanOrEqual(30);
    for (const n of Object.values(p.errors)) expect(n / p.cases).toBeLessThan(0.25);
    expect((p.errors.OK ?? 0) / p.cases).toBeGreaterThan(0.08);
    for (const e of ['SCRIPTNUM', 'MINIMALDATA', 'MINIMALIF', 'TAPSCRIPT_MINIMALIF', 'UNBALANCED_CONDITIONAL', 'INVALID_STACK_OPERATION', 'OP_COUNT', 'STACK_SIZE', 'PUSH_SIZE', 'SCRIPT_SIZE', 'SIG_DER', 'NEGATIVE_LOCKTIME']) {
      expect(p.errors[e] ?? 0, e).toBeGreaterThan(0);
    }
  });

  it('uses all three sigversions', () => {
    for (const v of ['base', 'witness_v0', 'tapscript']) expect(p.sigVersions[v]).toBeGreaterThan(0.25);
  });
});

import { describe, expect, it } from 'vitest';
import { fromAsm, toAsm } from '../../src/script/asm.js';
import { decodeScript } from '../../src/script/script.js';
import { OP } from '../../src/script/opcodes.js';
import { FLAGS } from '../../src/vm/flags.js';
import {
  checkEquivalence,
  EquivalenceError,
  referenceEvaluator,
  runDifferential,
  evalCase,
  type Evaluator,
} from '../../src/testing/index.js';

/** The reference with one opcode swapped for another wherever the byte appears. */
function swapOpcode(from: number, to: number): Evaluator {
  return (script, stack, flags, sv) => referenceEvaluator(script.map((b) => (b === from ? to : b)), stack, flags, sv);
}

describe('checkEquivalence finds and shrinks wrong evaluators', () => {
  it('an evaluator that runs OP_1SUB for OP_1ADD: a tiny counterexample that replays', async () => {
    const err = await checkEquivalence(swapOpcode(OP.OP_1ADD, OP.OP_1SUB), { numRuns: 800, seed: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EquivalenceError);
    const report = (err as EquivalenceError).report;
    expect(report.ok).toBe(false);
    expect(report.mismatches).toBeGreaterThan(0);
    const cx = report.counterexamples[0]!;
    // Minimal: OP_1ADD plus at most two instructions to feed it, an empty or one-item stack.
    expect(decodeScript(cx.case.script).length).toBeLessThanOrEqual(3);
    expect(toAsm(cx.case.script)).toContain('OP_1ADD');
    expect(cx.case.stack.length).toBeLessThanOrEqual(1);
    expect(cx.case.flags).toBe(0);
    expect(cx.differs).toContain('stack');
    // The message carries the ASM, the seed and the path to replay.
    const msg = (err as Error).message;
    expect(msg).toContain('OP_1ADD');
    expect(msg).toContain(`seed: ${cx.seed}, path: "${cx.path}"`);
    expect(msg).toMatch(/800 cases, \d+ mismatches \(seed 1\)/);
    // Replaying seed + path gives back exactly that case.
    const replay = await checkEquivalence(swapOpcode(OP.OP_1ADD, OP.OP_1SUB), { seed: cx.seed, path: cx.path, throwOnMismatch: false });
    expect(replay.mismatches).toBe(1);
    expect(toAsm(replay.counterexamples[0]!.case.script)).toBe(toAsm(cx.case.script));
  });

  it('an evaluator that ignores MINIMALDATA: the counterexample keeps that flag alone', async () => {
    const lax: Evaluator = (script, stack, flags, sv) => referenceEvaluator(script, stack, flags & ~FLAGS.MINIMALDATA, sv);
    const r = await checkEquivalence(lax, { numRuns: 800, seed: 2, throwOnMismatch: false });
    expect(r.ok).toBe(false);
    const cx = r.counterexamples[0]!;
    // MINIMALDATA, plus at most the one flag that turns a NOP into a number-reading CLTV/CSV.
    expect(cx.case.flags & FLAGS.MINIMALDATA).toBe(FLAGS.MINIMALDATA);
    expect(cx.case.flags & ~(FLAGS.MINIMALDATA | FLAGS.CHECKLOCKTIMEVERIFY | FLAGS.CHECKSEQUENCEVERIFY)).toBe(0);
    expect(cx.reference.error === 'MINIMALDATA' || cx.reference.error === 'SCRIPTNUM').toBe(true);
    expect(decodeScript(cx.case.script).length).toBeLessThanOrEqual(3);
  });

  it('an async evaluator that runs tapscript under witness v0 rules', async () => {
    const loose: Evaluator = async (script, stack, flags, sv) => referenceEvaluator(script, stack, flags, sv === 'tapscript' ? 'witness_v0' : sv);
    const r = await checkEquivalence(loose, { numRuns: 600, seed: 3, throwOnMismatch: false, maxCounterexamples: 3, sigVersions: ['tapscript'] });
    expect(r.ok).toBe(false);
    expect(r.counterexamples.length).toBeGreaterThanOrEqual(1);
    for (const cx of r.counterexamples) {
      expect(cx.case.sigVersion).toBe('tapscript');
      // Only a difference in a limit (witness v0 has the 201-op and 10,000-byte limits, tapscript
      // has not) needs a long script; anything else shrinks to a few instructions.
      const limit = [cx.reference.error, cx.candidate.error].some((e) => e === 'OP_COUNT' || e === 'SCRIPT_SIZE');
      if (!limit) expect(decodeScript(cx.case.script).length).toBeLessThanOrEqual(4);
    }
  });

  it('only compares what the candidate reports', async () => {
    // Reports only success and error, and gets them right: equivalent, even without stacks.
    const partial: Evaluator = (script, stack, flags, sv) => {
      const r = referenceEvaluator(script, stack, flags, sv) as { success: boolean; error: string };
      return { success: r.success, error: `SCRIPT_ERR_${r.error}` };
    };
    const r = await checkEquivalence(partial, { numRuns: 300, seed: 4 });
    expect(r.ok).toBe(true);
    expect(r.cases).toBe(300);
    // Reporting the wrong op count is caught once opCount is reported.
    const offByOne: Evaluator = (script, stack, flags, sv) => {
      const r = referenceEvaluator(script, stack, flags, sv) as { opCount: number };
      return { opCount: r.opCount + (r.opCount > 3 ? 1 : 0) };
    };
    const bad = await checkEquivalence(offByOne, { numRuns: 800, seed: 5, throwOnMismatch: false });
    expect(bad.counterexamples[0]!.differs).toEqual(['opCount']);
    expect(bad.counterexamples[0]!.reference.opCount).toBe(4);
  });

  it('counts throwing, hanging and malformed candidates as mismatches', async () => {
    const thrower: Evaluator = (script) => {
      if (script.includes(OP.OP_SWAP)) throw new Error('boom');
      return { success: true };
    };
    const t = await checkEquivalence(thrower, { numRuns: 300, seed: 6, throwOnMismatch: false, fields: [] });
    expect(t.counterexamples[0]!.candidate.failure).toBe('threw Error: boom');
    expect(toAsm(t.counterexamples[0]!.case.script)).toBe('OP_SWAP');

    const hangs: Evaluator = (script, stack, flags, sv) =>
      script.includes(OP.OP_DUP) ? new Promise(() => undefined) : referenceEvaluator(script, stack, flags, sv);
    const h = await checkEquivalence(hangs, { numRuns: 300, seed: 7, timeout: 20, throwOnMismatch: false });
    expect(h.counterexamples[0]!.candidate.failure).toBe('timed out after 20 ms');

    const garbage = (() => ({ stack: 'nope' })) as unknown as Evaluator;
    const g = await checkEquivalence(garbage, { numRuns: 10, seed: 8, throwOnMismatch: false });
    expect(g.mismatches).toBe(10);
    expect(g.counterexamples[0]!.candidate.failure).toMatch(/malformed result: stack is not an array/);
  });

  it('passes the reference against itself, reports a random seed, and honours the kinds', async () => {
    const r = await checkEquivalence(referenceEvaluator, { numRuns: 400, kinds: ['bytes'], sigVersions: ['base'], flagMask: 0 });
    expect(r.ok).toBe(true);
    expect(Number.isInteger(r.seed)).toBe(true);
    expect(r.text).toBe(`400 cases, 0 mismatches (seed ${r.seed})`);
  });

  it('stops after the time limit', async () => {
    const t = Date.now();
    const r = await checkEquivalence(referenceEvaluator, { seconds: 0.5, seed: 9 });
    expect(Date.now() - t).toBeLessThan(5000);
    expect(r.cases).toBeGreaterThan(0);
  });
});

describe('runDifferential', () => {
  it('counts every mismatching case, not just the first', async () => {
    const rewrite = swapOpcode(OP.OP_NOT, OP.OP_0NOTEQUAL);
    const r = await runDifferential({ reference: referenceEvaluator, candidate: rewrite, arbitrary: evalCase({ kinds: ['structured'] }), numRuns: 800, seed: 10, maxCounterexamples: 2 });
    expect(r.cases).toBe(800);
    expect(r.mismatches).toBeGreaterThan(r.counterexamples.length);
    expect(r.counterexamples).toHaveLength(2);
    const asms = r.counterexamples.map((c) => toAsm(c.case.script));
    expect(new Set(asms).size).toBe(2);
    for (const a of asms) expect(fromAsm(a).includes(OP.OP_NOT)).toBe(true);
  });
});

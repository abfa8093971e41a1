import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { fromAsm, toAsm } from '../../src/script/asm.js';
import { decodeScript } from '../../src/script/script.js';
import { spawnNode } from '../helpers/cli.js';
import { OP } from '../../src/script/opcodes.js';
import { FLAGS } from '../../src/vm/flags.js';
import {
  checkEquivalence,
  EquivalenceError,
  referenceEvaluator,
  runDifferential,
  evalCase,
  isSpendCase,
  type EvalCase,
  type Evaluator,
  type FuzzCase,
} from '../../src/testing/index.js';

/** A counterexample's case as the evaluate case it is: checkEquivalence of an Evaluator generates no spends. */
function evalCaseOf(c: FuzzCase): EvalCase {
  if (isSpendCase(c)) throw new Error('a spend case where checkEquivalence generates evaluate cases only');
  return c;
}

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
    expect(decodeScript(evalCaseOf(cx.case).script).length).toBeLessThanOrEqual(3);
    expect(toAsm(evalCaseOf(cx.case).script)).toContain('OP_1ADD');
    expect(evalCaseOf(cx.case).stack.length).toBeLessThanOrEqual(1);
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
    expect(toAsm(evalCaseOf(replay.counterexamples[0]!.case).script)).toBe(toAsm(evalCaseOf(cx.case).script));
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
    expect(decodeScript(evalCaseOf(cx.case).script).length).toBeLessThanOrEqual(3);
  });

  it('an async evaluator that runs tapscript under witness v0 rules', async () => {
    const loose: Evaluator = async (script, stack, flags, sv) => referenceEvaluator(script, stack, flags, sv === 'tapscript' ? 'witness_v0' : sv);
    const r = await checkEquivalence(loose, { numRuns: 600, seed: 3, throwOnMismatch: false, maxCounterexamples: 3, sigVersions: ['tapscript'] });
    expect(r.ok).toBe(false);
    expect(r.counterexamples.length).toBeGreaterThanOrEqual(1);
    for (const cx of r.counterexamples) {
      expect(evalCaseOf(cx.case).sigVersion).toBe('tapscript');
      // Only a difference in a limit (witness v0 has the 201-op and 10,000-byte limits, tapscript
      // has not) needs a long script; anything else shrinks to a few instructions.
      const limit = [cx.reference.error, cx.candidate.error].some((e) => e === 'OP_COUNT' || e === 'SCRIPT_SIZE');
      if (!limit) expect(decodeScript(evalCaseOf(cx.case).script).length).toBeLessThanOrEqual(4);
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
    const bad = await checkEquivalence(offByOne, { numRuns: 800, seed: 6, throwOnMismatch: false });
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
    expect(toAsm(evalCaseOf(t.counterexamples[0]!.case).script)).toBe('OP_SWAP');

    const hangs: Evaluator = (script, stack, flags, sv) =>
      script.includes(OP.OP_DUP) ? new Promise(() => undefined) : referenceEvaluator(script, stack, flags, sv);
    const h = await checkEquivalence(hangs, { numRuns: 300, seed: 7, timeout: 20, throwOnMismatch: false });
    expect(h.counterexamples[0]!.candidate.failure).toBe('did not answer within 20 ms (raise the limit with the timeout option, in ms; Infinity: none)');

    const garbage = (() => ({ stack: 'nope' })) as unknown as Evaluator;
    const g = await checkEquivalence(garbage, { numRuns: 10, seed: 8, throwOnMismatch: false });
    expect(g.mismatches).toBe(10);
    expect(g.counterexamples[0]!.candidate.failure).toMatch(/malformed result: stack is not an array/);
  });

  it('a candidate that never answers is a mismatch after 60,000 ms by default', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const never: Evaluator = () => new Promise(() => undefined);
      // One case that cannot shrink: one call of the candidate, then one more to shrink it.
      const arbitrary = fc.constant<EvalCase>({ script: fromAsm('OP_1'), stack: [], flags: 0, sigVersion: 'base' });
      let report: Awaited<ReturnType<typeof checkEquivalence>> | undefined;
      const run = checkEquivalence(never, { numRuns: 1, seed: 3, arbitrary, throwOnMismatch: false }).then((r) => (report = r));
      await vi.advanceTimersByTimeAsync(59_999);
      expect(report).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await vi.advanceTimersByTimeAsync(60_000);
      await run;
      expect(report!.mismatches).toBe(1);
      // It says how long it waited and how to wait longer.
      expect(report!.counterexamples[0]!.candidate.failure).toBe('did not answer within 60000 ms (raise the limit with the timeout option, in ms; Infinity: none)');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('timeout: Infinity waits as long as the candidate takes', async () => {
    // A timer of Infinity ms would fire at once (Node caps timers at 2^31 - 1 ms): none is set.
    const slow: Evaluator = (script, stack, flags, sv) => new Promise((resolve) => setTimeout(() => resolve(referenceEvaluator(script, stack, flags, sv)), 5));
    const r = await checkEquivalence(slow, { numRuns: 5, seed: 4, timeout: Infinity });
    expect(r.ok).toBe(true);
    const huge = await checkEquivalence(slow, { numRuns: 5, seed: 4, timeout: 2 ** 40 });
    expect(huge.ok).toBe(true);
  });

  it('leaves no timer behind: a script that runs it exits at once', async () => {
    const index = new URL('../../dist/testing/index.js', import.meta.url).href;
    const code = `import { checkEquivalence, referenceEvaluator } from ${JSON.stringify(index)};
const r = await checkEquivalence(async (...a) => referenceEvaluator(...a), { numRuns: 50, seed: 5 });
console.log(r.text);`;
    const t = Date.now();
    const run = await spawnNode(['--input-type=module', '-e', code]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('50 cases, 0 mismatches (seed 5)');
    expect(Date.now() - t).toBeLessThan(30_000);
  }, 90_000);

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
    const asms = r.counterexamples.map((c) => toAsm(evalCaseOf(c.case).script));
    expect(new Set(asms).size).toBe(2);
    for (const a of asms) expect(fromAsm(a).includes(OP.OP_NOT)).toBe(true);
  });
});

describe('checkEquivalence refuses options that would run nothing, compare nothing or never end', () => {
  const ok: Evaluator = referenceEvaluator;
  it.each([
    [{ numRuns: 0 }, 'numRuns must be a positive integer'],
    [{ numRuns: -5 }, 'numRuns must be a positive integer'],
    [{ numRuns: Number.NaN }, 'numRuns must be a positive integer'],
    [{ numRuns: 1.5 }, 'numRuns must be a positive integer (Infinity only with seconds) (got 1.5)'],
    [{ numRuns: Infinity }, 'numRuns must be a positive integer'],
    [{ seconds: 0 }, 'seconds must be a positive number (got 0)'],
    [{ seed: Number.NaN }, 'seed must be a 32-bit integer (got NaN)'],
    [{ seed: '42' }, 'seed must be a 32-bit integer (got "42")'],
    [{ seed: 2 ** 31 }, 'seed must be a 32-bit integer'],
    [{ timeout: -1 }, 'timeout must be a positive number of milliseconds (Infinity: no limit) (got -1)'],
    [{ timeout: 0 }, 'timeout must be a positive number of milliseconds (Infinity: no limit) (got 0)'],
    [{ maxCounterexamples: -1 }, 'maxCounterexamples must be a non-negative integer (got -1)'],
    [{ fields: ['errors'] }, 'unknown field in fields (expected success, error, stack, altstack, opCount) (got "errors")'],
    [{ seed: 1, path: 'abc' }, 'path must look like "12:3:4", as printed with a counterexample (got "abc")'],
    [{ seed: 1, path: '10000:1' }, 'path must start with a case index below 10000'],
    [{ path: '1:2' }, 'replaying a path needs the seed it was found with'],
    [{ numruns: 10 }, 'unknown option "numruns" (known: numRuns, seconds,'],
    [{ flagMask: 'P2SH' }, 'flagMask must be a non-negative integer of SCRIPT_VERIFY_* bits (FLAGS; every flag: 0x1fffff) (got "P2SH")'],
    [{ flagMask: -1 }, 'flagMask must be a non-negative integer'],
    [{ flagMask: 2 ** 40 }, 'flagMask must be a non-negative integer'],
    [{ sigVersions: ['witness'] }, 'unknown sigversion "witness" in sigVersions (expected base, witness_v0, tapscript)'],
    [{ sigVersions: [] }, 'sigVersions must be a non-empty array of base, witness_v0, tapscript (got [])'],
    [{ sigVersions: 'base' }, 'sigVersions must be a non-empty array'],
    [{ kinds: 'bytes' }, 'kinds must be a non-empty array of structured, bytes, limits (got "bytes")'],
  ])('%j', async (options, message) => {
    const t = Date.now();
    await expect(checkEquivalence(ok, options as never)).rejects.toThrow(message);
    // Refused before running anything (numRuns 1.5 used to loop forever).
    expect(Date.now() - t).toBeLessThan(1000);
  });

  it('options must be an object', async () => {
    await expect(checkEquivalence(ok, null as never)).rejects.toThrow('checkEquivalence: options must be an object (got null)');
    await expect(checkEquivalence(ok, 'fast' as never)).rejects.toThrow('checkEquivalence: options must be an object (got string)');
  });

  it('still accepts every documented option', async () => {
    const r = await checkEquivalence(ok, { numRuns: 20, seed: 1, kinds: ['bytes'], sigVersions: ['base'], flagMask: FLAGS.P2SH | FLAGS.MINIMALDATA, fields: ['error'], maxCounterexamples: 0, timeout: 1000, throwOnMismatch: true, reference: ok });
    expect(r.text).toBe('20 cases, 0 mismatches (seed 1)');
    const unlimited = await checkEquivalence(ok, { numRuns: Infinity, seconds: 0.2, seed: 1 });
    expect(unlimited.cases).toBeGreaterThan(0);
  });
});

describe('checkEquivalence and answers that prove nothing', () => {
  it('a candidate reporting none of the compared fields differs (it would agree with anything)', async () => {
    const silent = (() => ({})) as Evaluator;
    const r = await checkEquivalence(silent, { numRuns: 30, seed: 1, throwOnMismatch: false });
    expect(r.mismatches).toBe(30);
    expect(r.counterexamples[0]!.candidate.failure).toBe('reported none of the compared fields (success, error, stack, altstack, opCount)');
    // Misnamed fields are as silent; so is a field that `fields` leaves out.
    const misnamed = ((script: Uint8Array, stack: Uint8Array[], flags: number, sv: 'base') => ({ ok: (referenceEvaluator(script, stack, flags, sv) as { success: boolean }).success })) as unknown as Evaluator;
    expect((await checkEquivalence(misnamed, { numRuns: 30, seed: 1, throwOnMismatch: false })).mismatches).toBe(30);
    const onlyStack: Evaluator = (script, stack, flags, sv) => ({ stack: (referenceEvaluator(script, stack, flags, sv) as { stack: Uint8Array[] }).stack });
    const f = await checkEquivalence(onlyStack, { numRuns: 30, seed: 1, fields: ['error'], throwOnMismatch: false });
    expect(f.counterexamples[0]!.candidate.failure).toBe('reported none of the compared fields (error)');
    // `fields: []` still asks only that the candidate answers.
    expect((await checkEquivalence(silent, { numRuns: 30, seed: 1, fields: [] })).ok).toBe(true);
  });

  it('a candidate that consumes its script does not change the counterexample printed', async () => {
    // Wrong whenever the script holds a 0x76 byte; zeroes the script it was given.
    const consuming: Evaluator = (script, stack, flags, sv) => {
      const wrong = script.includes(0x76);
      const r = referenceEvaluator(script, stack, flags, sv) as { success: boolean };
      script.fill(OP.OP_NOP);
      return { success: wrong ? !r.success : r.success };
    };
    const r = await checkEquivalence(consuming, { numRuns: 500, seed: 3, throwOnMismatch: false });
    const cx = r.counterexamples[0]!;
    expect(evalCaseOf(cx.case).script.includes(0x76)).toBe(true);
    expect(cx.differs).toEqual(['success']);
    expect(r.text).toContain('mismatch in success (shrunk in');
  });

  it('a candidate that is not deterministic is reported with the answers that differed', async () => {
    const seen = new Set<string>();
    // Wrong the first time it sees a script holding OP_DUP, right ever after: run again, the counterexample would agree.
    const flaky: Evaluator = (script, stack, flags, sv) => {
      const r = referenceEvaluator(script, stack, flags, sv) as { success: boolean };
      const key = toAsm(script);
      const wrong = script.includes(OP.OP_DUP) && !seen.has(key);
      seen.add(key);
      return { success: wrong ? !r.success : r.success };
    };
    const r = await checkEquivalence(flaky, { numRuns: 100, seed: 3, throwOnMismatch: false });
    const cx = r.counterexamples[0]!;
    expect(cx.differs).toEqual(['success']);
    expect(cx.candidate.success).toBe(!cx.reference.success);
  });
});

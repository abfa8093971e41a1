/** The `spends` kind of a campaign: spend arbitraries, ts = native on spends, a broken candidate's shrunk counterexample, its JSON. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { FLAGS } from '../../src/vm/flags.js';
import { fuzzEngines } from '../../src/testing/campaign.js';
import { counterexampleToJson, formatCounterexample, runDifferential, type Counterexample } from '../../src/testing/differential.js';
import { counterexampleLine, parseFuzzLine } from '../../src/testing/fuzz-json.js';
import {
  consistentFlags,
  fuzzCase,
  fuzzCaseFromJson,
  fuzzCaseKey,
  fuzzCaseToJson,
  isSpendCase,
  referenceEvaluator,
  referenceSpendEvaluator,
  spendCase,
  spendFlags,
  type SpendCase,
  type SpendEvaluator,
} from '../../src/testing/index.js';
import { runCli } from '../helpers/cli.js';
import { replayCommand } from '../../src/cli/fuzz.js';

const native = loadNative();

/** The reference, but a spend that fails CLEANSTACK is reported as passing (as if the engine skipped the check). */
const noCleanstack: SpendEvaluator = (sig, spk, witness, flags) => {
  const r = referenceSpendEvaluator(sig, spk, witness, flags) as { error?: string };
  return r.error === 'CLEANSTACK' ? { ...r, success: true, error: 'OK' } : r;
};

const spendsCampaign = (seed: number, extra: { path?: string; shard?: { index: number; count: number }; chunkSize?: number; numRuns?: number } = {}) =>
  runDifferential({
    reference: referenceEvaluator,
    candidate: referenceEvaluator,
    referenceSpend: referenceSpendEvaluator,
    candidateSpend: noCleanstack,
    arbitrary: fuzzCase(['spends']),
    numRuns: extra.numRuns ?? 400,
    seed,
    path: extra.path,
    shard: extra.shard,
    chunkSize: extra.chunkSize,
    maxCounterexamples: 1,
    async: false,
  });

describe('spend cases', () => {
  it('flags are consistent as Core requires (CLEANSTACK ⇒ WITNESS ⇒ P2SH), and every shape shows up', () => {
    fc.assert(fc.property(spendFlags, (f) => consistentFlags(f) === f));
    expect(consistentFlags(FLAGS.CLEANSTACK)).toBe(FLAGS.CLEANSTACK | FLAGS.WITNESS | FLAGS.P2SH);
    expect(consistentFlags(FLAGS.WITNESS)).toBe(FLAGS.WITNESS | FLAGS.P2SH);
    const kinds = new Set<string>();
    const big = { n: 0 };
    fc.assert(
      fc.property(spendCase(), (c: SpendCase) => {
        const spk = c.scriptPubKey;
        if (spk.length === 23 && spk[0] === 0xa9) kinds.add(c.witness.length ? 'p2sh-p2wsh' : 'p2sh');
        else if (spk.length === 34 && spk[0] === 0x00) kinds.add('p2wsh');
        else if (spk.length === 22 && spk[0] === 0x00) kinds.add('p2wpkh');
        else if (spk.length === 34 && spk[0] === 0x51) kinds.add(c.witness.length > 1 ? 'taproot-script' : 'taproot-other');
        if (c.witness.some((w) => w.length >= 519 && w.length <= 521)) big.n++;
        return true;
      }),
      { numRuns: 600, seed: 1 },
    );
    expect([...kinds].sort()).toEqual(['p2sh', 'p2sh-p2wsh', 'p2wpkh', 'p2wsh', 'taproot-other', 'taproot-script']);
    expect(big.n).toBeGreaterThan(0);
  });

  it.skipIf(!native)('a --kinds spends campaign on ts,native has no mismatch', async () => {
    const r = await fuzzEngines({ engines: ['ts', 'native'], kinds: ['spends'], numRuns: 600, seed: 20261201 });
    expect(r.cases).toBe(600);
    expect(r.mismatches).toBe(0);
    // Spends reach the wrapped and taproot errors an evaluate case never gives.
    expect(Object.keys(r.referenceErrors)).toEqual(expect.arrayContaining(['WITNESS_PROGRAM_MISMATCH', 'CLEANSTACK']));
    const cli = await runCli(['fuzz', '--engines', 'ts,native', '--kinds', 'spends', '--runs', '200', '--seed', '5']);
    expect(cli.code).toBe(0);
    expect(cli.stdout.trim().split('\n').at(-1)).toBe('200 cases, 0 mismatches');
  });

  it('a candidate that skips CLEANSTACK gives a shrunk spend counterexample that replays from its printed seed and path', async () => {
    const r = await spendsCampaign(103);
    expect(r.mismatches).toBeGreaterThan(0);
    const cx = r.counterexamples[0]!;
    expect(isSpendCase(cx.case)).toBe(true);
    expect(cx.differs).toEqual(['success', 'error']);
    // Shrunk: only the flags the mismatch needs (WITNESS, whose scripts must leave a clean stack, and
    // the P2SH it implies), no witness items to spare.
    expect((cx.case as SpendCase).flags).toBe(FLAGS.WITNESS | FLAGS.P2SH);
    expect(cx.numShrinks).toBeGreaterThan(0);
    const text = formatCounterexample(cx, { reference: 'ts', candidate: 'broken', replay: (s, p) => replayCommand(['ts', 'native'], ['spends'], s, p) });
    expect(text).toMatch(/scriptSig \(ASM\): /);
    expect(text).toMatch(/scriptPubKey \(hex\): /);
    expect(text).toMatch(/witness: +\[/);
    expect(text).toMatch(/flags: +P2SH,WITNESS \(0x801\)/);
    expect(text).toMatch(/broken: +success, error OK/);
    // Every line after the first has its value in the same column (labels padded to the widest).
    const columns = text.split('\n').slice(1).map((l) => /^ {2}\S.*?: +/.exec(l)![0].length);
    expect(new Set(columns).size, text).toBe(1);
    const m = /--seed=(-?[0-9]+) --path ([0-9:]+)$/m.exec(text)!;
    const replay = await spendsCampaign(Number(m[1]), { path: m[2] });
    expect(replay.mismatches).toBe(1);
    expect(fuzzCaseKey(replay.counterexamples[0]!.case)).toBe(fuzzCaseKey(cx.case));
  });

  it('shards of a spends campaign run its cases: the same mismatches in all', async () => {
    const whole = await spendsCampaign(7, { numRuns: 300, chunkSize: 40 });
    const parts = await Promise.all([0, 1, 2].map((index) => spendsCampaign(7, { numRuns: 300, chunkSize: 40, shard: { index, count: 3 } })));
    expect(parts.reduce((n, p) => n + p.cases, 0)).toBe(300);
    expect(parts.reduce((n, p) => n + p.mismatches, 0)).toBe(whole.mismatches);
    expect(whole.mismatches).toBeGreaterThan(0);
  });

  it('a spend counterexample in JSON: kind "spend", hex and ASM, witness, flag names and bits; read back from a --jsonl line', async () => {
    const cx: Counterexample = (await spendsCampaign(103)).counterexamples[0]!;
    const c = cx.case as SpendCase;
    const j = counterexampleToJson(cx) as { case: Record<string, unknown> };
    expect(Object.keys(j.case).sort()).toEqual(['flagBits', 'flags', 'kind', 'scriptPubKey', 'scriptPubKeyAsm', 'scriptSig', 'scriptSigAsm', 'witness']);
    expect(j.case).toMatchObject({ kind: 'spend', flags: ['P2SH', 'WITNESS'], flagBits: 0x801, witness: c.witness.map((w) => Buffer.from(w).toString('hex')) });
    expect(j.case.scriptPubKey).toBe(Buffer.from(c.scriptPubKey).toString('hex'));
    const line = parseFuzzLine(counterexampleLine(cx, { engines: ['ts', 'native'] }));
    expect(line.type).toBe('counterexample');
    if (line.type === 'counterexample') expect(fuzzCaseKey(line.counterexample.case)).toBe(fuzzCaseKey(cx.case));
    expect(() => parseFuzzLine(JSON.stringify({ ...JSON.parse(counterexampleLine(cx, { engines: ['a', 'b'] })), case: { ...j.case, kind: 'odd' } }))).toThrow(/unknown case kind "odd"/);
  });

  it('a line that cannot be read is echoed with its control characters escaped (DEL and C1 too)', () => {
    expect(() => parseFuzzLine('x\u009b2J' + 'y'.repeat(90))).toThrow(`not a JSON line: "x\\u009b2J${'y'.repeat(76)}…"`);
    expect(() => parseFuzzLine('{"type":"a\u007f"}')).toThrow('a line of unknown type "a\\u007f" (expected "counterexample" or "report")');
    expect(() => parseFuzzLine('{}')).toThrow('a line of unknown type undefined (expected');
  });
});

describe('spend cases in JSON and in the default kinds', () => {
  it('fuzzCaseFromJson inverts fuzzCaseToJson for spends (witness items included) and evaluate cases', () => {
    fc.assert(
      fc.property(fuzzCase(), (c) => {
        const back = fuzzCaseFromJson(JSON.parse(JSON.stringify(fuzzCaseToJson(c))));
        expect(fuzzCaseKey(back)).toBe(fuzzCaseKey(c));
        expect(isSpendCase(back)).toBe(isSpendCase(c));
      }),
      { numRuns: 300, seed: 4 },
    );
  });

  it('the default kinds (bsml fuzz without --kinds) mix spends with evaluate cases', () => {
    const sample = fc.sample(fuzzCase(), { numRuns: 400, seed: 2 });
    const spends = sample.filter(isSpendCase).length;
    expect(spends).toBeGreaterThan(40);
    expect(spends).toBeLessThan(360);
    expect(sample.filter((c) => isSpendCase(c) && c.witness.length > 0).length).toBeGreaterThan(10);
  });
});

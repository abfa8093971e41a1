import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { payments, Psbt, Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { ensureEccLib } from '../../src/bitcoin/ecc.js';
import { MAX_STANDARD_TX_WEIGHT, scriptPathSpendProblems, weightProblem } from '../../src/bitcoin/policy.js';
import { buildScriptPathSpend, SpendError } from '../../src/bitcoin/spend.js';
import { MAX_BLOCK_WEIGHT } from '../../src/bitcoin/tx-check.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { verifyInputs, verifyTransaction } from '../../src/bitcoin/verifytx.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { NUMS_INTERNAL_KEY } from '../../src/vm/vectors.js';
import { runCli } from '../helpers/cli.js';

// A stand-in for a compiled model: OP_ADD OP_5 OP_EQUAL (the witness must hold two numbers summing to 5).
const LEAF = fromHex('935587');
const USER_KEY = fromHex('d6889cb081036e0faefa3a35157ad71086b123b2b144b649798b494c300a961d');
const TXID = 'aa'.repeat(32);
const DEST = 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5';

function outDir(script = LEAF): string {
  const dir = mkdtempSync(join(tmpdir(), 'bsml-od-'));
  writeFileSync(join(dir, 'script.hex'), toHex(script) + '\n');
  return dir;
}

describe('taproot output of a leaf', () => {
  it('equals bitcoinjs-lib payments.p2tr for the same leaf and key (NUMS and a user key)', () => {
    ensureEccLib();
    for (const key of [NUMS_INTERNAL_KEY, USER_KEY]) {
      const ours = buildTaprootOutput({ internalKey: key, tree: { script: LEAF } });
      const p = payments.p2tr({ internalPubkey: key, scriptTree: { output: LEAF }, redeem: { output: LEAF, redeemVersion: 0xc0 } });
      expect(ours.address).toBe(p.address);
      expect(toHex(ours.scriptPubKey)).toBe(toHex(p.output!));
      // payments.p2tr's witness for the redeem leaf ends with the control block.
      expect(toHex(ours.leaves[0]!.controlBlock)).toBe(toHex(p.witness![p.witness!.length - 1]!));
    }
  });

  it('bsml taproot --json prints the same address and fields', async () => {
    const r = await runCli(['taproot', outDir(), '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    const ours = buildTaprootOutput({ tree: { script: LEAF } });
    expect(j.address).toBe(ours.address);
    expect(j.internalKey).toBe(toHex(NUMS_INTERNAL_KEY));
    expect(j.leafScriptHex).toBe('935587');
    expect(j.leafVersion).toBe(0xc0);
    expect(j.controlBlockHex).toBe(toHex(ours.leaves[0]!.controlBlock));
    expect(j.tapleafHash).toBe(toHex(ours.leaves[0]!.leafHash));
    const t = await runCli(['taproot', outDir(), '--json', '--network', 'testnet', '--internal-key', toHex(USER_KEY)]);
    expect(JSON.parse(t.stdout).address.startsWith('tb1p')).toBe(true);
  });

  it('rejects a bad key, network or OUT_DIR with exit code 2', async () => {
    expect((await runCli(['taproot', outDir(), '--internal-key', 'abcd'])).code).toBe(2);
    expect((await runCli(['taproot', outDir(), '--network', 'moon'])).code).toBe(2);
    const missing = await runCli(['taproot', join(tmpdir(), 'no-such-dir-bsml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('script.hex');
  });
});

describe('script-path spend', () => {
  const spend = (items: string[], feeRate = 2) =>
    buildScriptPathSpend({ leafScript: LEAF, witnessItems: items.map(fromHex), utxo: { txid: TXID, vout: 1, amount: 50_000n }, to: DEST, feeRate });

  it('builds a transaction that verifies, with the fee from its real weight', () => {
    const r = spend(['02', '03']);
    expect(r.vsize).toBe(Math.ceil(r.tx.weight() / 4));
    expect(r.fee).toBe(BigInt(Math.ceil(r.vsize * 2)));
    expect(r.sendAmount).toBe(50_000n - r.fee);
    const tx = Transaction.fromHex(r.hex);
    expect(tx.ins[0]!.witness.map(toHex)).toEqual(['02', '03', '935587', toHex(r.output.leaves[0]!.controlBlock)]);
    expect(verifyTransaction(tx, [r.prevout])).toEqual({ valid: true, inputs: [{ index: 0, success: true, error: 'OK' }] });
    // The PSBT is final and extracts to the same transaction.
    const psbt = Psbt.fromBase64(r.psbtBase64);
    expect(psbt.extractTransaction().toHex()).toBe(r.hex);
    expect(psbt.data.inputs[0]!.witnessUtxo!.value).toBe(50_000n);
  });

  it('fails with the right error when a witness item, the leaf or the control block is changed', () => {
    const r = spend(['02', '03']);
    const mutate = (i: number, f: (b: Uint8Array) => Uint8Array) => {
      const tx = Transaction.fromHex(r.hex);
      const w = tx.ins[0]!.witness.slice();
      w[i] = f(w[i]!);
      tx.setWitness(0, w);
      return verifyTransaction(tx, [r.prevout]).inputs[0]!.error;
    };
    expect(mutate(1, () => fromHex('04'))).toBe('EVAL_FALSE');
    expect(mutate(2, () => fromHex('935687'))).toBe('WITNESS_PROGRAM_MISMATCH');
    expect(mutate(3, (b) => Uint8Array.of(b[0]! ^ 1, ...b.subarray(1)))).toBe('WITNESS_PROGRAM_MISMATCH');
    // The same spend with a different amount in the prevout still verifies (no signature commits to
    // it; the scripts alone: 1 sat spent is below the output, which Core's CheckTxInputs refuses) ...
    expect(verifyInputs(Transaction.fromHex(r.hex), [{ ...r.prevout, value: 1n }])[0]!.success).toBe(true);
    // ... so only Core's transaction-level check tells that this spend is invalid (it was reported valid).
    expect(verifyTransaction(Transaction.fromHex(r.hex), [{ ...r.prevout, value: 1n }])).toEqual({
      valid: false,
      reject: { reason: 'bad-txns-in-belowout', message: `the inputs spend 1 sat, less than the outputs' ${r.sendAmount} sat` },
      inputs: [],
    });
  });

  it('rejects a fee above the amount and a dust output', () => {
    const vsize = spend(['02', '03']).vsize;
    const most = `which pays at most ${Math.floor((50_000 / vsize) * 1000) / 1000} sat/vB`;
    expect(() => spend(['02', '03'], 1000)).toThrow(new SpendError(`the fee (${vsize * 1000} sat: ${vsize} vB at 1000 sat/vB) exceeds the amount (50000 sat), ${most}`));
    // A huge rate is named by the rate, not by a fee of 300 digits; at 1e308 the fee is Infinity
    // (BigInt(Infinity) threw a RangeError).
    expect(() => spend(['02', '03'], 1e300)).toThrow(new SpendError(`the fee (${vsize} vB at 1e+300 sat/vB) exceeds the amount (50000 sat), ${most}`));
    expect(() => spend(['02', '03'], 1e308)).toThrow(new SpendError(`the fee (${vsize} vB at 1e+308 sat/vB) exceeds the amount (50000 sat), ${most}`));
    expect(() =>
      buildScriptPathSpend({ leafScript: LEAF, witnessItems: [], utxo: { txid: TXID, vout: 0, amount: 400n }, to: DEST, feeRate: 1 }),
    ).toThrow(/dust/);
  });

  // Core's amounts are in MoneyRange (0..21 M BTC). Above 2^63 - 1, bitcoinjs-lib's addOutput threw a
  // ValiError (a stack trace from the CLI); between 21 M BTC and 2^63 the spend was built silently.
  it('refuses an amount outside [0, MAX_MONEY] before building anything', async () => {
    const range = "sat is out of range (0..2100000000000000 sat: at most 21000000 BTC, Core's MoneyRange)";
    const build = (amount: unknown) => () =>
      buildScriptPathSpend({ leafScript: LEAF, witnessItems: [], utxo: { txid: TXID, vout: 0, amount: amount as bigint }, to: DEST, feeRate: 1 });
    const max = build(2_100_000_000_000_000n)();
    expect(max.sendAmount).toBe(2_100_000_000_000_000n - max.fee);
    for (const [amount, message] of [
      [2_100_000_000_000_001n, `utxo.amount 2100000000000001 ${range}`],
      [1n << 63n, `utxo.amount 9223372036854775808 ${range}`],
      [-1n, `utxo.amount -1 ${range}`],
      [50_000, 'utxo.amount number 50000 is not an amount (a bigint number of satoshis)'],
    ] as const) {
      expect(build(amount)).toThrow(new SpendError(message));
    }
    const dir = outDir();
    for (const amount of ['2100000000000001', '9223372036854775808', '99999999999999999999999']) {
      const r = await runCli(['spend', dir, '--witness', '02,03', '--utxo', `${TXID}:1:${amount}`, '--to', DEST, '--fee-rate', '2']);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `bsml spend: --utxo: amount ${amount} ${range}\n` });
    }
    const atMax = await runCli(['spend', dir, '--witness', '02,03', '--utxo', `${TXID}:1:2100000000000000`, '--to', DEST, '--fee-rate', '2', '--json']);
    expect(atMax.code).toBe(0);
    expect(JSON.parse(atMax.stdout).prevouts).toMatch(/:2100000000000000$/);
  });

  it('--fee-rate is a plain decimal (a huge one is refused naming the rate); --locktime and --sequence are decimal or hex (0x...), nothing else Number() reads', async () => {
    const dir = outDir();
    const base = ['spend', dir, '--witness', '02,03', '--utxo', `${TXID}:1:50000`, '--to', DEST];
    for (const [opt, value] of [['--fee-rate', '0x2'], ['--fee-rate', 'Infinity'], ['--locktime', '0b1'], ['--sequence', '0o7'], ['--locktime', '0x100000000'], ['--sequence', '-1']]) {
      const args = opt === '--fee-rate' ? [...base, opt, value] : [...base, '--fee-rate', '2', opt, value];
      const r = await runCli(args);
      expect([r.code, r.stdout], `${opt} ${value}`).toEqual([2, '']);
      expect(r.stderr).toContain(JSON.stringify(value));
    }
    const huge = await runCli([...base, '--fee-rate', '1e300']);
    expect([huge.code, huge.stdout], huge.stderr).toEqual([2, '']);
    expect(huge.stderr).toMatch(/^bsml spend: the fee \(\d+ vB at 1e\+300 sat\/vB\) exceeds the amount \(50000 sat\), which pays at most [\d.]+ sat\/vB\n$/);
    const ok = await runCli([...base, '--fee-rate', '2.5', '--locktime', '16', '--sequence', '0xfffffffd', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    const hex = await runCli([...base, '--fee-rate', '2.5', '--locktime', '0x10', '--sequence', '4294967293', '--json']);
    expect(JSON.parse(hex.stdout).hex).toBe(JSON.parse(ok.stdout).hex);
  });

  it('bsml spend and bsml verify-tx agree end to end', async () => {
    const dir = outDir();
    const s = await runCli(['spend', dir, '--witness', '02,03', '--utxo', `${TXID}:1:50000`, '--to', DEST, '--fee-rate', '2', '--json']);
    expect(s.code).toBe(0);
    const j = JSON.parse(s.stdout);
    const ok = await runCli(['verify-tx', j.hex, '--prevouts', j.prevouts, '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).inputs[0]).toEqual({ index: 0, success: true, error: 'OK' });
    const bad = await runCli(['spend', dir, '--witness', '02,04', '--utxo', `${TXID}:1:50000`, '--to', DEST, '--fee-rate', '2', '--json']);
    const fail = await runCli(['verify-tx', JSON.parse(bad.stdout).hex, '--prevouts', j.prevouts]);
    expect(fail.code).toBe(1);
    expect(fail.stdout).toContain('INVALID (EVAL_FALSE)');
    expect((await runCli(['verify-tx', j.hex, '--prevouts', 'zz:1'])).code).toBe(2);
    expect((await runCli(['verify-tx', j.hex, '--prevouts', `${j.prevouts},51:1`])).code).toBe(2);
  });
});

describe('standardness of the spend (Bitcoin Core policy)', () => {
  it('the limits: at MAX_STANDARD_TX_WEIGHT nothing; above MAX_BLOCK_WEIGHT no block holds it; oversized witness items', () => {
    expect(weightProblem(MAX_STANDARD_TX_WEIGHT)).toBeUndefined();
    expect(weightProblem(MAX_STANDARD_TX_WEIGHT + 1)?.limit).toBe(MAX_STANDARD_TX_WEIGHT);
    expect(weightProblem(MAX_BLOCK_WEIGHT)?.limit).toBe(MAX_STANDARD_TX_WEIGHT);
    expect(weightProblem(MAX_BLOCK_WEIGHT + 1)).toEqual({ limit: MAX_BLOCK_WEIGHT, reason: 'above MAX_BLOCK_WEIGHT (4000000 WU): no block can hold it' });
    const item = (n: number) => new Uint8Array(n);
    expect(scriptPathSpendProblems(1000, [item(80), item(0)])).toEqual([]);
    expect(scriptPathSpendProblems(1000, [item(1), item(81)])).toEqual([
      "witness item 1 (bottom first) is 81 bytes, above Bitcoin Core's MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE (80 bytes): nodes will not relay it",
    ]);
    expect(scriptPathSpendProblems(MAX_STANDARD_TX_WEIGHT + 1, [item(90), item(81), item(100)]).map((l) => l.split(',')[0])).toEqual([
      'the transaction weighs 400001 WU',
      'witness item 0 (bottom first) is 90 bytes (and 2 more items)',
    ]);
  });

  it('bsml spend: a transaction above MAX_STANDARD_TX_WEIGHT, or with a witness item above 80 bytes, is built (exit 0) with a warning on stderr and in --json', async () => {
    const heavy = outDir(fromHex('61'.repeat(400_000) + '51')); // 400,000 OP_NOPs, then 1
    const h = await runCli(['spend', heavy, '--witness', '01', '--utxo', `${TXID}:0:10000000`, '--to', DEST, '--fee-rate', '1', '--json']);
    expect(h.code).toBe(0);
    const j = JSON.parse(h.stdout);
    expect(j.weight).toBeGreaterThan(400_000);
    const line = `the transaction weighs ${j.weight} WU, above Bitcoin Core's MAX_STANDARD_TX_WEIGHT (400000 WU): nodes will not relay it, only a miner including it directly can confirm it`;
    expect(j.warnings).toEqual([line]);
    expect(h.stderr).toBe(`bsml spend: warning: ${line}\n`);
    const text = await runCli(['spend', heavy, '--witness', '01', '--utxo', `${TXID}:0:10000000`, '--to', DEST, '--fee-rate', '1']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^txid: /);
    expect(text.stderr).toBe(h.stderr);

    const small = outDir(fromHex('7551')); // DROP 1
    const big = await runCli(['spend', small, '--witness', '01'.repeat(81), '--utxo', `${TXID}:0:20000`, '--to', DEST, '--fee-rate', '1', '--json']);
    expect(big.code).toBe(0);
    expect(big.stderr).toBe("bsml spend: warning: witness item 0 (bottom first) is 81 bytes, above Bitcoin Core's MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE (80 bytes): nodes will not relay it\n");
    const ok = await runCli(['spend', small, '--witness', '01'.repeat(80), '--utxo', `${TXID}:0:20000`, '--to', DEST, '--fee-rate', '1', '--json']);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ok.stdout).warnings).toEqual([]);
  });
});

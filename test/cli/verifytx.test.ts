/**
 * `bsml verify-tx --engine auto|ts|native`: native prints exactly what ts prints (BIP341's fully
 * signed transaction: Schnorr key path, legacy and BIP143 ECDSA; and the same with a wrong amount),
 * a bad engine name is a one-line usage error, BSML_ENGINE is the default, and engine auto without
 * the addon runs TypeScript with the one-line notice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transaction } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { countVerifyScriptCalls } from '../helpers/native-calls.js';

const B341 = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));
const kps = B341.keyPathSpending[0];
const TX: string = kps.auxiliary.fullySignedTx;
const TXID = Transaction.fromHex(TX).getId();
const prevoutsArg = (extra = 0) => kps.given.utxosSpent.map((u: any) => `${u.scriptPubKey}:${u.amountSats + extra}`).join(',');
/** The prevouts with `extra` sat added to input 3's amount only (a BigInt: 2^64 does not fit a double). */
const prevoutsArg3 = (extra: bigint) => kps.given.utxosSpent.map((u: any, i: number) => `${u.scriptPubKey}:${BigInt(u.amountSats) + (i === 3 ? extra : 0n)}`).join(',');
const ENGINES = loadNative() ? ['ts', 'native'] : ['ts'];

describe('bsml verify-tx --engine', () => {
  it('--engine ts checks every input (9, Schnorr and ECDSA) and --json names the engine', async () => {
    const r = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'ts', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const j = JSON.parse(r.stdout);
    expect(j.engine).toBe('ts');
    expect(j.valid).toBe(true);
    expect(j.inputs.map((v: any) => v.error)).toEqual(Array(9).fill('OK'));
    // A wrong amount breaks every signature that commits to the amounts (all taproot and BIP143 ones).
    const bad = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(1), '--engine', 'ts', '--json']);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).inputs.filter((v: any) => !v.success).length).toBeGreaterThan(0);
  });

  // Core's amounts are int64 and a spent output's value is in MoneyRange (CheckTxInputs refuses the
  // transaction otherwise). Read modulo 2^64, input 3's amount plus 2^64 hashed as the signed one
  // and the transaction verified as valid.
  it.each(ENGINES)('--engine %s: an amount outside [0, MAX_MONEY] is refused naming the item (exit 2), not wrapped', async (engine) => {
    const one = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg3(1n), '--engine', engine, '--json']);
    expect(one.code).toBe(1);
    expect(JSON.parse(one.stdout).inputs[3].error).toBe('SCHNORR_SIG');
    const range = "sat is out of range (0..2100000000000000 sat: at most 21000000 BTC, Core's MoneyRange)";
    for (const [arg, amount] of [
      [prevoutsArg3(1n << 64n), '18446744074213551616'],
      [prevoutsArg3(2100000000000001n - 504000000n), '2100000000000001'],
      [prevoutsArg3(99999999999999999999n - 504000000n), '99999999999999999999'],
    ] as const) {
      const r = await runCli(['verify-tx', TX, '--prevouts', arg, '--engine', engine]);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `bsml verify-tx: --prevouts item 3: amount ${amount} ${range}\n` });
    }
    // In range one by one but not in total: the transaction's fault, Core's reject (exit 1, as an invalid input).
    const total = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg3(2100000000000000n - 504000000n), '--engine', engine]);
    expect(total).toEqual({
      code: 1,
      stdout:
        'transaction: INVALID (bad-txns-inputvalues-outofrange: the amounts spent by inputs 0 to 3 add up to 2100001176000000 sat, above MAX_MONEY (2100000000000000 sat))\n' +
        `invalid: ${TXID}\n`,
      stderr: '',
    });
  });

  // Core's transaction-level checks (CheckTransaction, CheckTxInputs' amounts) come before the
  // scripts: a failure prints Core's reject reason and no input verdict (no script runs), exit 1.
  it.each(ENGINES)('--engine %s: a transaction Core rejects before its scripts is invalid with the reason (exit 1)', async (engine) => {
    const negative = Transaction.fromHex(TX);
    negative.outs[1]!.value = -1n;
    const r = await runCli(['verify-tx', negative.toHex(), '--prevouts', prevoutsArg(), '--engine', engine]);
    expect(r).toEqual({ code: 1, stdout: `transaction: INVALID (bad-txns-vout-negative: output 1 is -1 sat)\ninvalid: ${negative.getId()}\n`, stderr: '' });
    const j = await runCli(['verify-tx', negative.toHex(), '--prevouts', prevoutsArg(), '--engine', engine, '--input', '3', '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ valid: false, reject: { reason: 'bad-txns-vout-negative', message: 'output 1 is -1 sat' }, inputs: [] });
    // The fee is 0.84 BTC: 0.84 BTC + 1 sat less spent is below the outputs.
    const short = kps.given.utxosSpent.map((u: any, i: number) => `${u.scriptPubKey}:${u.amountSats - (i === 0 ? 84000001 : 0)}`).join(',');
    const b = await runCli(['verify-tx', TX, '--prevouts', short, '--engine', engine]);
    expect(b).toEqual({
      code: 1,
      stdout: `transaction: INVALID (bad-txns-in-belowout: the inputs spend 4409999999 sat, less than the outputs' 4410000000 sat)\ninvalid: ${TXID}\n`,
      stderr: '',
    });
  });

  // A transaction with no inputs is read the same by Core and bitcoinjs-lib only with no outputs
  // either: after an empty input list Core reads the flag byte, and a flag of 0 leaves the outputs
  // empty (the legacy reading, and bitcoinjs-lib's, see version, 0 inputs, 0 outputs, nLockTime).
  // `--prevouts ''` (none) reaches Core's first CheckTransaction rule; it was refused as a bad item.
  it.each(ENGINES)("--engine %s: no inputs, --prevouts '': Core's bad-txns-vin-empty, exit 1", async (engine) => {
    const empty = '01000000' + '00' + '00' + '00000000';
    expect(Transaction.fromHex(empty)).toMatchObject({ ins: [], outs: [] });
    const txid = Transaction.fromHex(empty).getId();
    for (const none of ['', ' ']) {
      const r = await runCli(['verify-tx', empty, '--prevouts', none, '--engine', engine]);
      expect(r).toEqual({ code: 1, stdout: `transaction: INVALID (bad-txns-vin-empty: the transaction has no inputs)\ninvalid: ${txid}\n`, stderr: '' });
    }
    const j = await runCli(['verify-tx', empty, '--prevouts=', '--engine', engine, '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ txid, valid: false, reject: { reason: 'bad-txns-vin-empty', message: 'the transaction has no inputs' }, inputs: [] });
    // With outputs, the output count stands where Core reads the flag byte: Core cannot read it (bitcoinjs-lib reads 2 outputs).
    const out = '0000000000000000' + '0151';
    for (const [count, outs, why] of [['01', out, 'Superfluous witness record'], ['02', out + out, 'Unknown transaction optional data']]) {
      const r = await runCli(['verify-tx', '01000000' + '00' + count + outs + '00000000', '--prevouts', '', '--engine', engine]);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `bsml verify-tx: RAW_TX_HEX is not a transaction: byte 5: ${why} (Core refuses to read it)\n` });
    }
    // None given for a transaction with inputs, or some for one without, is still a wrong count.
    const counts = [
      [TX, `the transaction has 9 input(s) but 0 prevout(s) were given`],
      [empty, `the transaction has 0 input(s) but 1 prevout(s) were given`],
    ] as const;
    for (const [tx, message] of counts) {
      const r = await runCli(['verify-tx', tx, '--prevouts', tx === TX ? '' : '51:1', '--engine', engine]);
      expect(r).toEqual({ code: 2, stdout: '', stderr: `bsml verify-tx: ${message}\n` });
    }
  });

  it('--json of a transaction that passes has reject null', async () => {
    const r = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'ts', '--json']);
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['txid', 'valid', 'reject', 'engine', 'flags', 'inputs']);
    expect(JSON.parse(r.stdout).reject).toBeNull();
  });

  it('an unknown engine is a one-line usage error (exit 2)', async () => {
    const r = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'gpu']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'bsml verify-tx: unknown engine "gpu" (expected auto, ts or native)\n' });
  });

  it('--input is a decimal input index (0x1 and 1e0 were read as 1)', async () => {
    for (const bad of ['0x1', '1e0', '1.0', '-1']) {
      const r = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--input', bad]);
      expect(r, bad).toEqual({ code: 2, stdout: '', stderr: `bsml verify-tx: --input must be an input index, got ${JSON.stringify(bad)}\n` });
    }
    expect((await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--input', '1'])).code).toBe(0);
  });

  it.skipIf(!loadNative())('--engine native prints exactly what --engine ts prints (text and --json apart from the engine)', async () => {
    // Count the native core's verifications: --engine native must reach it (and ts must not).
    await countVerifyScriptCalls(loadNative()!, async (counts) => {
      await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'ts']);
      expect(counts.calls).toBe(0);
      await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'native']);
      expect(counts.calls).toBe(9);
    });
    for (const extra of [0, 1]) {
      for (const input of [[], ['--input', '3']]) {
        const args = ['verify-tx', TX, '--prevouts', prevoutsArg(extra), ...input];
        const [ts, nt] = [await runCli([...args, '--engine', 'ts']), await runCli([...args, '--engine', 'native'])];
        expect(nt, `amount+${extra} ${input.join(' ')}`).toEqual(ts);
        expect(ts.stdout).toMatch(/^input /);
        const [tsJ, ntJ] = [await runCli([...args, '--engine', 'ts', '--json']), await runCli([...args, '--engine', 'native', '--json'])];
        expect(ntJ.code).toBe(tsJ.code);
        expect(JSON.parse(ntJ.stdout)).toEqual({ ...JSON.parse(tsJ.stdout), engine: 'native' });
      }
    }
  });
});

describe('bsml verify-tx engine choice as scripts see it', () => {
  const missing = join(tempDir('no-addon'), 'bsml_addon.node');
  const noAddon = { BSML_NATIVE_ADDON: missing, BSML_ENGINE: undefined };
  const why = `the addon is not built (no ${missing}; run 'npm run build:native')`;

  it('auto without the addon: TypeScript with the one-line notice; --engine native: one error line (exit 2)', async () => {
    const [auto, native] = await Promise.all([
      spawnCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--json'], noAddon),
      spawnCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'native'], noAddon),
    ]);
    expect(auto.code).toBe(0);
    expect(JSON.parse(auto.stdout).engine).toBe('ts');
    expect(auto.stderr).toBe(`bsml: native engine unavailable (${why}); using the TypeScript engine\n`);
    expect(native).toEqual({ code: 2, stdout: '', stderr: `bsml verify-tx: the native engine is not available: ${why}\n` });
  });

  // bitcoinjs-lib reads a CompactSize written in more bytes than needed as the canonical one (and
  // hashes the transaction re-serialized), so this was judged valid; Core cannot read it at all.
  it('a transaction Core cannot read (a non-canonical CompactSize) is refused with the byte offset, exit 2', async () => {
    expect(TX.slice(86, 88)).toBe('00'); // input 0's scriptSig length
    const nonCanonical = TX.slice(0, 86) + 'fd0000' + TX.slice(88);
    expect(Transaction.fromHex(nonCanonical).getId()).toBe(TXID);
    const r = await runCli(['verify-tx', nonCanonical, '--prevouts', prevoutsArg(), '--engine', 'ts']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^bsml verify-tx: RAW_TX_HEX is not a transaction: .*43.*non-canonical ReadCompactSize\(\)/);
  });

  it("a coinbase: no script runs, as in Core (a prevout script that could only fail leaves it valid)", async () => {
    const coinbase = '0200000001' + '0'.repeat(64) + 'ffffffff025151ffffffff010000000000000000015100000000';
    const r = await runCli(['verify-tx', coinbase, '--prevouts', '6a:0', '--engine', 'ts']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe(`coinbase: no script runs (Core never runs a coinbase's scripts)\nvalid: ${Transaction.fromHex(coinbase).getId()}\n`);
    // The all-zero hash with index 0 is not Core's null outpoint (bitcoinjs-lib's isCoinbase looks at
    // the hash alone): not a coinbase, so its script runs and fails.
    const notCoinbase = '0200000001' + '0'.repeat(64) + '00000000' + '00ffffffff010000000000000000015100000000';
    const s = await runCli(['verify-tx', notCoinbase, '--prevouts', '6a:0', '--engine', 'ts']);
    expect(s).toMatchObject({ code: 1, stderr: '', stdout: `input 0: INVALID (OP_RETURN)\ninvalid: ${Transaction.fromHex(notCoinbase).getId()}\n` });
  });

  it('BSML_ENGINE is the default; --engine overrides it', async () => {
    const [env, flag, badEnv] = await Promise.all([
      spawnCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--json'], { BSML_ENGINE: 'ts' }),
      spawnCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--json', '--engine', 'ts'], { BSML_ENGINE: 'bogus' }),
      spawnCli(['verify-tx', TX, '--prevouts', prevoutsArg()], { BSML_ENGINE: 'bogus' }),
    ]);
    expect(env.code).toBe(0);
    expect(JSON.parse(env.stdout).engine).toBe('ts');
    expect(env.stderr).toBe('');
    expect(flag.code).toBe(0);
    expect(JSON.parse(flag.stdout).engine).toBe('ts');
    expect(badEnv).toEqual({ code: 2, stdout: '', stderr: 'bsml verify-tx: unknown BSML_ENGINE "bogus" (expected auto, ts or native)\n' });
  });
});

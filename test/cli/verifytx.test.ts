/**
 * `bsml verify-tx --engine auto|ts|native`: native prints exactly what ts prints (BIP341's fully
 * signed transaction: Schnorr key path, legacy and BIP143 ECDSA; and the same with a wrong amount),
 * a bad engine name is a one-line usage error, BSML_ENGINE is the default, and engine auto without
 * the addon runs TypeScript with the one-line notice.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';
import { countVerifyScriptCalls } from '../helpers/native-calls.js';

const B341 = JSON.parse(readFileSync(new URL('../fixtures/bip341_wallet_vectors.json', import.meta.url), 'utf8'));
const kps = B341.keyPathSpending[0];
const TX: string = kps.auxiliary.fullySignedTx;
const prevoutsArg = (extra = 0) => kps.given.utxosSpent.map((u: any) => `${u.scriptPubKey}:${u.amountSats + extra}`).join(',');

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

  it('an unknown engine is a one-line usage error (exit 2)', async () => {
    const r = await runCli(['verify-tx', TX, '--prevouts', prevoutsArg(), '--engine', 'gpu']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'bsml verify-tx: unknown engine "gpu" (expected auto, ts or native)\n' });
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

/** The on-chain tools and the debugger on a program the compiler produced (OUT_DIR with program.json). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transaction } from 'bitcoinjs-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { programWitness } from '../../src/bitcoin/program.js';
import { verifyTransaction } from '../../src/bitcoin/verifytx.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { runCli } from '../helpers/cli.js';

const MODEL = {
  format: 'bsml-model',
  version: 1,
  name: 'tiny',
  input: { shape: [2], range: [-1, 1] },
  layers: [
    { type: 'dense', weights: [[0.5, -0.25], [0.75, 0.5], [-0.5, 1]], bias: [0.1, -0.2, 0] },
    { type: 'relu' },
    { type: 'dense', weights: [[1, -1, 0.5], [-0.5, 1, 0.25]], bias: [0, 0.1] },
  ],
};
const TXID = '5a'.repeat(32);
const DEST = 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5';
let outDir = '';

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bsml-compiled-'));
  writeFileSync(join(dir, 'model.json'), JSON.stringify(MODEL));
  outDir = join(dir, 'out');
  const r = await runCli(['compile', join(dir, 'model.json'), '-o', outDir]);
  expect(r.code, r.stderr).toBe(0);
});

describe('a compiled model on chain', () => {
  it('spend --input uses the compiler’s witness; the spend verifies; a changed claim fails', async () => {
    const s = await runCli(['spend', outDir, '--input', '0.5,-0.25', '--utxo', `${TXID}:0:20000`, '--to', DEST, '--fee-rate', '1', '--json']);
    expect(s.code, s.stderr).toBe(0);
    const j = JSON.parse(s.stdout);
    const items = programWitness(outDir, [0.5, -0.25]);
    expect(j.witness.slice(0, items.length)).toEqual(items.map(toHex));
    const ok = await runCli(['verify-tx', j.hex, '--prevouts', j.prevouts]);
    expect(ok.code, ok.stdout).toBe(0);
    // Claim the other class: the script must reject it.
    const tx = Transaction.fromHex(j.hex);
    const w = tx.ins[0]!.witness.slice();
    const layout = JSON.parse(readFileSync(join(outDir, 'program.json'), 'utf8')).witness as { kind: string }[];
    const claimAt = layout.findIndex((it) => it.kind === 'claim');
    expect(claimAt).toBeGreaterThanOrEqual(0);
    w[claimAt] = w[claimAt]!.length === 0 ? Uint8Array.of(1) : new Uint8Array(0);
    tx.setWitness(0, w);
    const [p, a] = j.prevouts.split(':');
    const v = verifyTransaction(tx, [{ script: fromHex(p), value: BigInt(a) }]);
    expect(v.reject).toBeUndefined();
    expect(v.inputs[0]!.success).toBe(false);
    expect(v.inputs[0]!.error).toBe('EVAL_FALSE');
  });

  it('debug --input --trace labels every step with its layer and neuron', async () => {
    const r = await runCli(['debug', outDir, '--input', '0.5,-0.25', '--trace']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<layer 0 neuron 0>');
    expect(r.stdout).toContain('<layer 1 neuron 1>');
    expect(r.stdout).toContain('<output>');
    expect(r.stdout.trim().endsWith('finished: success')).toBe(true);
    expect((await runCli(['debug', outDir, '--input', 'x,1'])).code).toBe(2);
  });
});

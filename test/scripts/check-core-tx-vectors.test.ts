/** scripts/check-core-tx-vectors.mjs on small hand-written files (Core's own are not vendored). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Transaction } from 'bitcoinjs-lib';
import { expect, it } from 'vitest';
import { spawnNode, tempDir } from '../helpers/cli.js';

const SCRIPT = new URL('../../scripts/check-core-tx-vectors.mjs', import.meta.url).pathname;
const dir = tempDir('tx-vectors');
const PREV = '01'.repeat(32);

/** A transaction spending output 0 of PREV with an empty scriptSig, to one OP_TRUE output. */
function spendHex(): string {
  const tx = new Transaction();
  tx.addInput(Buffer.from(PREV, 'hex').reverse(), 0);
  tx.addOutput(Buffer.from('51', 'hex'), 1000n);
  return tx.toHex();
}

function run(valid: string, invalid = '[]') {
  writeFileSync(join(dir, 'tx_valid.json'), valid);
  writeFileSync(join(dir, 'tx_invalid.json'), invalid);
  return spawnNode([SCRIPT, join(dir, 'tx_valid.json'), join(dir, 'tx_invalid.json'), '--engine', 'ts']);
}

it('names the full flag set "all" (it printed "all but NONE")', async () => {
  const r = await run(`[[[["${PREV}", 0, "0"]], "${spendHex()}", "NONE"]]`);
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('    does not verify [flags all]: failed with input 0: EVAL_FALSE\n');
  expect(r.stdout).not.toContain('all but NONE');
});

// Core reads a prevout amount with getInt<int64_t>, from the number's text. JSON.parse gave a
// double: 9007199254740993 became ...992 in the message, 1.5 failed with BigInt's own RangeError.
it('reads a prevout amount from its text and refuses one that is no integer, naming the entry', async () => {
  const hex = spendHex();
  const r = await run(
    `[["a comment"], [[["${PREV}", 0, "1", 1000]], "${hex}", "NONE"], [[["${PREV}", 0, "1", 9007199254740993]], "${hex}", "NONE"], [[["${PREV}", 0, "1", 1.5]], "${hex}", "NONE"], [[["${PREV}", 0, "1", 1e3]], "${hex}", "NONE"]]`,
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  expect(r.stdout).toContain('1 passed, 3 failed');
  expect(r.stdout).toContain('  FAIL entry 2\n    cannot run the entry: prevouts[0].value 9007199254740993 sat is out of range');
  expect(r.stdout).toContain('  FAIL entry 3\n    cannot run the entry: prevout 0: amount 1.5 is not an integer number of satoshis\n');
  expect(r.stdout).toContain('  FAIL entry 4\n    cannot run the entry: prevout 0: amount 1e3 is not an integer number of satoshis\n');
});

/**
 * docs/errors.md "Transactions": a spent-outputs list that is not one per input is a caller bug
 * (Core asserts on it in PrecomputedTransactionData::Init), not a script failure: a typed error
 * naming the list, its length and the input count, thrown before any engine runs. No list (or an
 * empty one, Core's "not given") is still missing data: Schnorr checks fail SCHNORR_SIG_HASHTYPE.
 */
import { describe, expect, it } from 'vitest';
import { TransactionSignatureChecker } from '../../src/bitcoin/checker.js';
import { STANDARD_FLAGS } from '../../src/bitcoin/policy.js';
import { PrecomputedTxData } from '../../src/bitcoin/sighash.js';
import { PrevoutError } from '../../src/bitcoin/verifytx.js';
import { BsmlError } from '../../src/errors.js';
import { ArgumentError } from '../../src/engine/arguments.js';
import { verifyScript, type EngineName } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';
import { tapscriptSpend } from '../helpers/tapscript-spend.js';
import { thrown } from '../helpers/errors.js';

const engines: EngineName[] = loadNativeAddon() ? ['ts', 'native'] : ['ts'];

function badPrevouts(f: () => unknown, message: string): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(PrevoutError);
  expect(e).toBeInstanceOf(BsmlError);
  expect(e.code).toBe('BAD_PREVOUTS');
  expect(e.message).toBe(message);
}

describe.each(engines)('engine %s', (engine) => {
  const { tx, spk, prevouts } = tapscriptSpend();
  const verify = (checker: () => TransactionSignatureChecker) => () =>
    verifyScript(tx.ins[0]!.script, spk, { flags: STANDARD_FLAGS, checker: checker(), witness: tx.ins[0]!.witness, engine });

  it('lib-spent-outputs', () => {
    const two = [...prevouts, ...prevouts];
    badPrevouts(
      verify(() => new TransactionSignatureChecker(tx, 0, { spentOutputs: two })),
      'TransactionSignatureChecker (input 0): options.spentOutputs has 2 items but the transaction has 1 input; give one spent output per input, in input order (or none)',
    );
    badPrevouts(
      verify(() => new TransactionSignatureChecker(tx, 0, { spentOutputs: two, precomputed: new PrecomputedTxData(tx) })),
      'TransactionSignatureChecker (input 0): options.spentOutputs has 2 items but the transaction has 1 input; give one spent output per input, in input order (or none)',
    );
    badPrevouts(
      verify(() => new TransactionSignatureChecker(tx, 0, { precomputed: new PrecomputedTxData(tx, two) })),
      'PrecomputedTxData: spentOutputs has 2 items but the transaction has 1 input; give one spent output per input, in input order (or none)',
    );
    // The same spend with the right list passes on this engine; without one (or with an empty
    // one) its Schnorr check has no BIP341 hash: Core's SCHNORR_SIG_HASHTYPE.
    expect(verify(() => new TransactionSignatureChecker(tx, 0, { spentOutputs: prevouts }))().error).toBe('OK');
    for (const checker of [() => new TransactionSignatureChecker(tx, 0), () => new TransactionSignatureChecker(tx, 0, { spentOutputs: [] })]) {
      const r = verify(checker)();
      expect({ success: r.success, error: r.error }).toEqual({ success: false, error: 'SCHNORR_SIG_HASHTYPE' });
    }
  });
});

// Core asserts that a checker's input exists (every signature hash and lock time check reads it):
// an index that is not one is refused when the checker is made, before any engine runs.
it('lib-input-index', () => {
  const { tx } = tapscriptSpend();
  const cases: [unknown, string][] = [
    [1, 'TransactionSignatureChecker: nIn 1 is not an input index (the transaction has 1 input: 0)'],
    [-1, 'TransactionSignatureChecker: nIn -1 is not an input index (the transaction has 1 input: 0)'],
    [0.5, 'TransactionSignatureChecker: nIn 0.5 is not an input index (the transaction has 1 input: 0)'],
    [NaN, 'TransactionSignatureChecker: nIn NaN is not an input index (the transaction has 1 input: 0)'],
    ['0', 'TransactionSignatureChecker: nIn string 0 is not an input index (the transaction has 1 input: 0)'],
  ];
  for (const [nIn, message] of cases) {
    const e = thrown(() => new TransactionSignatureChecker(tx, nIn as number));
    expect(e).toBeInstanceOf(ArgumentError);
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toBe(message);
  }
  const three = tx.clone();
  three.addInput(new Uint8Array(32), 1);
  three.addInput(new Uint8Array(32), 2);
  expect(thrown(() => new TransactionSignatureChecker(three, 3)).message).toBe(
    'TransactionSignatureChecker: nIn 3 is not an input index (the transaction has 3 inputs: 0..2)',
  );
  expect(new TransactionSignatureChecker(three, 2).nIn).toBe(2);
});

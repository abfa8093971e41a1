/**
 * `TransactionSignatureChecker`: Bitcoin Core's GenericTransactionSignatureChecker for one input
 * of a transaction: real ECDSA and Schnorr checks over real signature hashes, and lock times.
 */
import type { Transaction } from 'bitcoinjs-lib';
import { checkLockTime, checkSequence, type ExecData, type SigVersion, type SignatureChecker } from '../vm/checker.js';
import type { ScriptErrorName } from '../vm/errors.js';
import { verifyEcdsa } from './ecdsa.js';
import { verifySchnorr } from './schnorr.js';
import { checkOutputValues, checkSpentOutputs } from './prevout-error.js';
import { int64Problem } from './amount.js';
import { ArgumentError } from '../engine/arguments.js';
import { legacySighash, PrecomputedTxData, segwitV0Sighash, SIGHASH, type SpentOutput, taprootSighash } from './sighash.js';
import { counted } from '../io/text.js';

/** Options of a TransactionSignatureChecker. */
export interface TxCheckerOptions {
  /**
   * Amount of the output this input spends (BIP143); default: from `spentOutputs`, else 0. A
   * negative amount is missing data, as in Core: every witness v0 ECDSA check then fails (Core's
   * checker returns its missing-data answer before hashing; legacy checks do not read the amount).
   * A value that does not fit Core's 64-bit `CAmount` (or is not a bigint) is refused by the
   * constructor (ArgumentError), never hashed modulo 2^64.
   */
  amount?: bigint;
  /**
   * Every output the transaction spends, in input order (BIP341 hashing needs all of them).
   * Without them (or with an empty list) every Schnorr check, taproot key path and tapscript,
   * fails with `SCHNORR_SIG_HASHTYPE`, as Core's checker does when its precomputed transaction
   * data lacks the spent outputs (SignatureHashSchnorr cannot run, and CheckSchnorrSignature
   * reports its failure as a hash type error). ECDSA checks do not need them. A non-empty list of
   * another length than the input count is a caller's bug (Core asserts): the constructor throws
   * a PrevoutError; so does a `value` that is not a bigint fitting 64 bits.
   */
  spentOutputs?: readonly SpentOutput[];
  /** Share hashes between the checkers of one transaction's inputs. */
  precomputed?: PrecomputedTxData;
}

/** Checks the signatures and lock times of input `nIn` of `tx`, exactly as Bitcoin Core does. */
export class TransactionSignatureChecker implements SignatureChecker {
  readonly data: PrecomputedTxData;
  readonly amount: bigint;

  /**
   * @throws {@link ArgumentError} (`BAD_ARGUMENT`) when `nIn` is not the index of one of the
   * transaction's inputs (an integer in [0, tx.ins.length)): Core asserts on it, as every
   * signature hash and lock time check reads that input.
   * @throws {@link PrevoutError} (`BAD_PREVOUTS`) for `options.spentOutputs` (or the precomputed
   * data's) of another length than the transaction's input count (an empty list is as none), or
   * with a `value` that is not a bigint fitting Core's 64-bit `CAmount`.
   * @throws {@link ArgumentError} (`BAD_ARGUMENT`) for an `options.amount`, or a value of an output
   * of `tx`, that is not a bigint fitting 64 bits (signature hashes serialize amounts as 64 bits;
   * nothing is wrapped).
   */
  constructor(
    readonly tx: Transaction,
    readonly nIn: number,
    options: TxCheckerOptions = {},
  ) {
    const n = tx.ins.length;
    if (!Number.isSafeInteger(nIn) || nIn < 0 || nIn >= n) {
      const got = typeof nIn === 'number' ? String(nIn) : `${typeof nIn} ${String(nIn)}`;
      const range = n === 0 ? 'the transaction has no inputs' : `the transaction has ${counted(n, 'input')}: 0${n > 1 ? `..${n - 1}` : ''}`;
      throw new ArgumentError(`TransactionSignatureChecker: nIn ${got} is not an input index (${range})`);
    }
    const where = `TransactionSignatureChecker (input ${nIn})`;
    checkSpentOutputs(tx, options.spentOutputs, where, 'options.spentOutputs');
    checkOutputValues(tx, where);
    if (options.amount !== undefined) {
      const problem = int64Problem(options.amount);
      if (problem !== undefined) throw new ArgumentError(`${where}: options.amount ${problem}`);
    }
    this.data = options.precomputed ?? new PrecomputedTxData(tx, options.spentOutputs);
    this.amount = options.amount ?? options.spentOutputs?.[nIn]?.value ?? 0n;
  }

  /** Core's CheckECDSASignature: hash type from the last byte, then CPubKey::Verify. */
  checkEcdsaSignature(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigVersion: SigVersion): boolean {
    if (sig.length === 0) return false;
    const hashType = sig[sig.length - 1]!;
    const der = sig.subarray(0, sig.length - 1);
    // Core: "witness sighashes need the amount"; a negative one is missing data (MissingDataBehavior::FAIL).
    if (sigVersion === 'witness_v0' && this.amount < 0n) return false;
    const hash =
      sigVersion === 'witness_v0'
        ? segwitV0Sighash(this.data, this.nIn, scriptCode, this.amount, hashType)
        : legacySighash(this.tx, this.nIn, scriptCode, hashType);
    return verifyEcdsa(der, pubkey, hash);
  }

  /**
   * Core's CheckSchnorrSignature: size, hash type, BIP341 hash, BIP340 verification. Without the
   * spent outputs the BIP341 hash cannot be computed: `SCHNORR_SIG_HASHTYPE`, as in Core (its
   * MissingDataBehavior::FAIL makes SignatureHashSchnorr fail, which it reports so).
   */
  checkSchnorrSignature(sig: Uint8Array, pubkey: Uint8Array, sigVersion: SigVersion, execData: ExecData): true | false | ScriptErrorName {
    if (sig.length !== 64 && sig.length !== 65) return 'SCHNORR_SIG_SIZE';
    let hashType: number = SIGHASH.DEFAULT;
    let body = sig;
    if (sig.length === 65) {
      hashType = sig[64]!;
      body = sig.subarray(0, 64);
      if (hashType === SIGHASH.DEFAULT) return 'SCHNORR_SIG_HASHTYPE';
    }
    if (sigVersion !== 'taproot' && sigVersion !== 'tapscript') return false;
    // Core: SignatureHashSchnorr's missing-data failure comes back as SCRIPT_ERR_SCHNORR_SIG_HASHTYPE.
    if (!this.data.taprootReady) return 'SCHNORR_SIG_HASHTYPE';
    const hash = taprootSighash(this.data, this.nIn, hashType, sigVersion, execData);
    if (!hash) return 'SCHNORR_SIG_HASHTYPE';
    if (!verifySchnorr(body, hash, pubkey)) return 'SCHNORR_SIG';
    return true;
  }

  checkLockTime(lockTime: number): boolean {
    return checkLockTime(this.context(), lockTime);
  }

  checkSequence(sequence: number): boolean {
    return checkSequence(this.context(), sequence);
  }

  private context() {
    return { version: this.tx.version, lockTime: this.tx.locktime, sequence: this.tx.ins[this.nIn]!.sequence };
  }
}

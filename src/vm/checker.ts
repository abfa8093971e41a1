/**
 * The signature-checker interface (Core's `BaseSignatureChecker`): signature opcodes and lock-time
 * opcodes ask it; the interpreter itself never looks at a transaction.
 */
import type { ScriptErrorName } from './errors.js';
import {
  LOCKTIME_THRESHOLD,
  SEQUENCE_FINAL,
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  SEQUENCE_LOCKTIME_MASK,
  SEQUENCE_LOCKTIME_TYPE_FLAG,
} from './limits.js';

/** Which rules a script runs under. */
export type SigVersion = 'base' | 'witness_v0' | 'taproot' | 'tapscript';

/** Data of a taproot spend that Schnorr signature hashing needs (Core's ScriptExecutionData). */
export interface ExecData {
  /** Opcode position of the last executed OP_CODESEPARATOR, 0xffffffff if none. */
  codeSeparatorPos: number;
  /** Tapleaf hash of the executed script (script-path spends). */
  tapleafHash?: Uint8Array;
  /** SHA256 of the compact-size-prefixed annex, when an annex is present. */
  annexHash?: Uint8Array;
  /** Remaining tapscript validation weight (BIP342). */
  validationWeightLeft: number;
}

/**
 * Answers the questions a script asks about its transaction. Implementations must not throw.
 */
export interface SignatureChecker {
  /** ECDSA check for BASE / WITNESS_V0 (scriptCode already has the signature removed for BASE). */
  checkEcdsaSignature(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, sigVersion: SigVersion): boolean;
  /**
   * BIP340 check for TAPROOT (key path) and TAPSCRIPT: `true` when valid; otherwise the error to
   * report, or `false` to fail without naming one (as Core's base checker does).
   */
  checkSchnorrSignature(
    sig: Uint8Array,
    pubkey: Uint8Array,
    sigVersion: SigVersion,
    execData: ExecData,
  ): true | false | ScriptErrorName;
  /** CHECKLOCKTIMEVERIFY's comparison against the spending transaction. */
  checkLockTime(lockTime: number): boolean;
  /** CHECKSEQUENCEVERIFY's comparison against the spending input. */
  checkSequence(sequence: number): boolean;
}

/** Core's `BaseSignatureChecker`: no transaction; every check fails. */
export const baseChecker: SignatureChecker = {
  checkEcdsaSignature: () => false,
  checkSchnorrSignature: () => false,
  checkLockTime: () => false,
  checkSequence: () => false,
};

/** The transaction fields that lock-time checks read. */
export interface LockTimeContext {
  /** Transaction version (signed 32-bit as in Core; compared as unsigned for BIP68). */
  version: number;
  /** nLockTime. */
  lockTime: number;
  /** nSequence of the input being checked. */
  sequence: number;
}

/** Core's `CheckLockTime` (BIP65) against a transaction context. */
export function checkLockTime(tx: LockTimeContext, lockTime: number): boolean {
  if (
    !(
      (tx.lockTime < LOCKTIME_THRESHOLD && lockTime < LOCKTIME_THRESHOLD) ||
      (tx.lockTime >= LOCKTIME_THRESHOLD && lockTime >= LOCKTIME_THRESHOLD)
    )
  ) {
    return false;
  }
  if (lockTime > tx.lockTime) return false;
  if (tx.sequence === SEQUENCE_FINAL) return false;
  return true;
}

/** Core's `CheckSequence` (BIP112) against a transaction context. */
export function checkSequence(tx: LockTimeContext, sequence: number): boolean {
  const txSequence = tx.sequence;
  if (tx.version >>> 0 < 2) return false;
  if (txSequence >= SEQUENCE_LOCKTIME_DISABLE_FLAG) return false;
  const mask = SEQUENCE_LOCKTIME_TYPE_FLAG | SEQUENCE_LOCKTIME_MASK;
  const txMasked = txSequence & mask;
  // sequence may exceed 32 bits (5-byte operand): mask in 32-bit space as Core does on int64.
  const masked = Number(BigInt(sequence) & BigInt(mask));
  if (
    !(
      (txMasked < SEQUENCE_LOCKTIME_TYPE_FLAG && masked < SEQUENCE_LOCKTIME_TYPE_FLAG) ||
      (txMasked >= SEQUENCE_LOCKTIME_TYPE_FLAG && masked >= SEQUENCE_LOCKTIME_TYPE_FLAG)
    )
  ) {
    return false;
  }
  return masked <= txMasked;
}

/**
 * A checker that answers lock-time questions from a transaction context and fails every
 * signature check (real signature checking plugs in by wrapping or replacing this).
 */
export function lockTimeChecker(tx: LockTimeContext, signatures: Partial<SignatureChecker> = {}): SignatureChecker {
  return {
    checkEcdsaSignature: signatures.checkEcdsaSignature ?? baseChecker.checkEcdsaSignature,
    checkSchnorrSignature: signatures.checkSchnorrSignature ?? baseChecker.checkSchnorrSignature,
    checkLockTime: (n) => checkLockTime(tx, n),
    checkSequence: (n) => checkSequence(tx, n),
  };
}

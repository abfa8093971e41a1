/**
 * Signature hashing exactly as Bitcoin Core's `SignatureHash` (legacy and BIP143) and
 * `SignatureHashSchnorr` (BIP341/342), over a bitcoinjs-lib `Transaction`.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import type { Transaction } from 'bitcoinjs-lib';
import { OP } from '../script/opcodes.js';
import type { ExecData } from '../vm/checker.js';
import { taggedHash } from '../vm/taproot.js';
import { checkOutputValues, checkSpentOutputs } from './prevout-error.js';
import { ByteWriter } from './serialize.js';

/** Sighash type bits. */
export const SIGHASH = {
  DEFAULT: 0x00,
  ALL: 0x01,
  NONE: 0x02,
  SINGLE: 0x03,
  ANYONECANPAY: 0x80,
  OUTPUT_MASK: 0x03,
  INPUT_MASK: 0x80,
} as const;

/** An output being spent: its scriptPubKey and amount in satoshis. */
export interface SpentOutput {
  script: Uint8Array;
  value: bigint;
}

const hash256 = (b: Uint8Array): Uint8Array => sha256(sha256(b));

/** Core's `uint256::ONE` as hashed bytes: what legacy hashing returns for its two error cases. */
export const SIGHASH_ONE: Uint8Array = (() => {
  const b = new Uint8Array(32);
  b[0] = 1;
  return b;
})();

function writeOutput(w: ByteWriter, out: { script: Uint8Array; value: bigint }): void {
  w.i64(out.value).varbytes(out.script);
}

function writeOutpoint(w: ByteWriter, tx: Transaction, i: number): void {
  const input = tx.ins[i]!;
  w.write(input.hash).u32(input.index);
}

/**
 * Core's legacy scriptCode serialization: the length counts every byte but the OP_CODESEPARATORs
 * found while parsing; the bytes written stop where parsing stopped (so a truncated push at the
 * end is cut where Core's GetOp gave up).
 */
export function serializeLegacyScriptCode(w: ByteWriter, script: Uint8Array): void {
  // Walk as Core's GetScriptOp does: returns the position reached and whether the op was read.
  const step = (pc: number): { pc: number; ok: boolean; opcode: number } => {
    const end = script.length;
    if (pc >= end) return { pc, ok: false, opcode: -1 };
    const opcode = script[pc++]!;
    if (opcode <= OP.OP_PUSHDATA4) {
      let size: number;
      if (opcode < OP.OP_PUSHDATA1) size = opcode;
      else if (opcode === OP.OP_PUSHDATA1) {
        if (end - pc < 1) return { pc, ok: false, opcode };
        size = script[pc++]!;
      } else if (opcode === OP.OP_PUSHDATA2) {
        if (end - pc < 2) return { pc, ok: false, opcode };
        size = script[pc]! | (script[pc + 1]! << 8);
        pc += 2;
      } else {
        if (end - pc < 4) return { pc, ok: false, opcode };
        size = (script[pc]! | (script[pc + 1]! << 8) | (script[pc + 2]! << 16) | (script[pc + 3]! << 24)) >>> 0;
        pc += 4;
      }
      if (end - pc < size) return { pc, ok: false, opcode };
      pc += size;
    }
    return { pc, ok: true, opcode };
  };
  let separators = 0;
  for (let pc = 0; ; ) {
    const r = step(pc);
    if (!r.ok) break;
    if (r.opcode === OP.OP_CODESEPARATOR) separators++;
    pc = r.pc;
  }
  w.varint(script.length - separators);
  let begin = 0;
  let it = 0;
  for (;;) {
    const r = step(it);
    it = r.pc;
    if (!r.ok) break;
    if (r.opcode === OP.OP_CODESEPARATOR) {
      w.write(script.subarray(begin, it - 1));
      begin = it;
    }
  }
  if (begin !== script.length) w.write(script.subarray(begin, it));
}

/**
 * Core's `SignatureHash` for SigVersion::BASE, including its quirks: SIGHASH_SINGLE without a
 * matching output (and an out-of-range input) hash to ONE; OP_CODESEPARATORs are removed from the
 * scriptCode; the hash type is appended as a 32-bit integer. `scriptCode` must already have had
 * the signature removed (FindAndDelete, done by the interpreter).
 */
export function legacySighash(tx: Transaction, nIn: number, scriptCode: Uint8Array, hashType: number): Uint8Array {
  if (nIn >= tx.ins.length) return SIGHASH_ONE;
  const base = hashType & 0x1f;
  if (base === SIGHASH.SINGLE && nIn >= tx.outs.length) return SIGHASH_ONE;
  const anyoneCanPay = (hashType & SIGHASH.ANYONECANPAY) !== 0;
  const hashSingle = base === SIGHASH.SINGLE;
  const hashNone = base === SIGHASH.NONE;
  const w = new ByteWriter();
  w.u32(tx.version);
  const nInputs = anyoneCanPay ? 1 : tx.ins.length;
  w.varint(nInputs);
  for (let k = 0; k < nInputs; k++) {
    const i = anyoneCanPay ? nIn : k;
    writeOutpoint(w, tx, i);
    if (i !== nIn) w.varint(0);
    else serializeLegacyScriptCode(w, scriptCode);
    w.u32(i !== nIn && (hashSingle || hashNone) ? 0 : tx.ins[i]!.sequence);
  }
  const nOutputs = hashNone ? 0 : hashSingle ? nIn + 1 : tx.outs.length;
  w.varint(nOutputs);
  for (let o = 0; o < nOutputs; o++) {
    if (hashSingle && o !== nIn) writeOutput(w, { script: new Uint8Array(0), value: -1n });
    else writeOutput(w, tx.outs[o]!);
  }
  w.u32(tx.locktime);
  w.u32(hashType);
  return hash256(w.bytes());
}

/** The per-transaction hashes of BIP143 and BIP341 (Core's PrecomputedTransactionData), lazily. */
export class PrecomputedTxData {
  private cache = new Map<string, Uint8Array>();
  /**
   * @throws {@link PrevoutError} (`BAD_PREVOUTS`) for a non-empty `spentOutputs` whose length is
   * not the input count (Core asserts on it), or with a `value` that is not a bigint fitting
   * Core's 64-bit `CAmount`; an empty list is as none.
   * @throws {@link ArgumentError} (`BAD_ARGUMENT`) for an output of `tx` whose value does not fit
   * 64 bits (the hashes serialize amounts as 64 bits; nothing is wrapped).
   */
  constructor(
    readonly tx: Transaction,
    /** Outputs spent by each input, in input order; needed for BIP341 hashing only. */
    readonly spentOutputs?: readonly SpentOutput[],
  ) {
    checkSpentOutputs(tx, spentOutputs, 'PrecomputedTxData', 'spentOutputs');
    checkOutputValues(tx, 'PrecomputedTxData');
  }

  private memo(key: string, f: () => Uint8Array): Uint8Array {
    let v = this.cache.get(key);
    if (!v) {
      v = f();
      this.cache.set(key, v);
    }
    return v;
  }
  /** SHA256 of all outpoints. */
  prevoutsSha(): Uint8Array {
    return this.memo('prevouts', () => {
      const w = new ByteWriter();
      for (let i = 0; i < this.tx.ins.length; i++) writeOutpoint(w, this.tx, i);
      return sha256(w.bytes());
    });
  }
  /** SHA256 of all nSequence values. */
  sequencesSha(): Uint8Array {
    return this.memo('sequences', () => {
      const w = new ByteWriter();
      for (const input of this.tx.ins) w.u32(input.sequence);
      return sha256(w.bytes());
    });
  }
  /** SHA256 of all outputs. */
  outputsSha(): Uint8Array {
    return this.memo('outputs', () => {
      const w = new ByteWriter();
      for (const out of this.tx.outs) writeOutput(w, out);
      return sha256(w.bytes());
    });
  }
  /** SHA256 of all spent amounts (BIP341). */
  spentAmountsSha(): Uint8Array {
    return this.memo('amounts', () => {
      const w = new ByteWriter();
      for (const o of this.spentOutputs!) w.i64(o.value);
      return sha256(w.bytes());
    });
  }
  /** SHA256 of all spent scriptPubKeys, length-prefixed (BIP341). */
  spentScriptsSha(): Uint8Array {
    return this.memo('scripts', () => {
      const w = new ByteWriter();
      for (const o of this.spentOutputs!) w.varbytes(o.script);
      return sha256(w.bytes());
    });
  }
  /** Whether BIP341 hashing has what it needs (one spent output per input). */
  get taprootReady(): boolean {
    return this.spentOutputs !== undefined && this.spentOutputs.length === this.tx.ins.length;
  }
}

/** Core's `SignatureHash` for SigVersion::WITNESS_V0 (BIP143). */
export function segwitV0Sighash(
  data: PrecomputedTxData,
  nIn: number,
  scriptCode: Uint8Array,
  amount: bigint,
  hashType: number,
): Uint8Array {
  const tx = data.tx;
  const zero = new Uint8Array(32);
  const base = hashType & 0x1f;
  const anyoneCanPay = (hashType & SIGHASH.ANYONECANPAY) !== 0;
  const hashPrevouts = anyoneCanPay ? zero : sha256(data.prevoutsSha());
  const hashSequence = !anyoneCanPay && base !== SIGHASH.SINGLE && base !== SIGHASH.NONE ? sha256(data.sequencesSha()) : zero;
  let hashOutputs: Uint8Array = zero;
  if (base !== SIGHASH.SINGLE && base !== SIGHASH.NONE) hashOutputs = sha256(data.outputsSha());
  else if (base === SIGHASH.SINGLE && nIn < tx.outs.length) {
    const w = new ByteWriter();
    writeOutput(w, tx.outs[nIn]!);
    hashOutputs = hash256(w.bytes());
  }
  const w = new ByteWriter();
  w.u32(tx.version).write(hashPrevouts).write(hashSequence);
  writeOutpoint(w, tx, nIn);
  w.varbytes(scriptCode).i64(amount).u32(tx.ins[nIn]!.sequence).write(hashOutputs).u32(tx.locktime).u32(hashType);
  return hash256(w.bytes());
}

/**
 * Core's `SignatureHashSchnorr` (BIP341, with BIP342's extension for tapscript). Returns undefined
 * where Core returns false: an undefined hash type, or SIGHASH_SINGLE without a matching output.
 * Requires `data.taprootReady`.
 */
export function taprootSighash(
  data: PrecomputedTxData,
  nIn: number,
  hashType: number,
  sigVersion: 'taproot' | 'tapscript',
  execData: Pick<ExecData, 'annexHash' | 'tapleafHash' | 'codeSeparatorPos'>,
): Uint8Array | undefined {
  const tx = data.tx;
  if (!(hashType <= 0x03 || (hashType >= 0x81 && hashType <= 0x83))) return undefined;
  const outputType = hashType === SIGHASH.DEFAULT ? SIGHASH.ALL : hashType & SIGHASH.OUTPUT_MASK;
  const inputType = hashType & SIGHASH.INPUT_MASK;
  const w = new ByteWriter();
  w.u8(0); // epoch
  w.u8(hashType);
  w.u32(tx.version).u32(tx.locktime);
  if (inputType !== SIGHASH.ANYONECANPAY) {
    w.write(data.prevoutsSha()).write(data.spentAmountsSha()).write(data.spentScriptsSha()).write(data.sequencesSha());
  }
  if (outputType === SIGHASH.ALL) w.write(data.outputsSha());
  const extFlag = sigVersion === 'tapscript' ? 1 : 0;
  const haveAnnex = execData.annexHash !== undefined;
  w.u8((extFlag << 1) + (haveAnnex ? 1 : 0));
  if (inputType === SIGHASH.ANYONECANPAY) {
    writeOutpoint(w, tx, nIn);
    writeOutput(w, data.spentOutputs![nIn]!);
    w.u32(tx.ins[nIn]!.sequence);
  } else {
    w.u32(nIn);
  }
  if (haveAnnex) w.write(execData.annexHash!);
  if (outputType === SIGHASH.SINGLE) {
    if (nIn >= tx.outs.length) return undefined;
    const o = new ByteWriter();
    writeOutput(o, tx.outs[nIn]!);
    w.write(sha256(o.bytes()));
  }
  if (sigVersion === 'tapscript') {
    w.write(execData.tapleafHash!).u8(0).u32(execData.codeSeparatorPos);
  }
  return taggedHash('TapSighash', w.bytes());
}

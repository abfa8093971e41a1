/** The cost report of a compiled program: sizes, stack use, and what a taproot spend would cost. */
import { isTruncated, readInstruction } from '../script/script.js';
import { encodeScriptNum } from '../script/scriptnum.js';
import { compactSize } from '../vm/taproot.js';
import type { Dialect } from './dialect.js';
import type { IntModel } from './intmodel.js';
import type { Program } from './program.js';

/** Non-witness bytes of a 1-input, 1-output (P2TR) segwit transaction. */
export const BASE_TX_BYTES = 4 + 1 + 36 + 1 + 4 + 1 + (8 + 1 + 34) + 4;

/**
 * Weight of the 1-input, 1-output P2TR transaction whose witness weighs `witnessWeight`: its
 * non-witness bytes × 4, the segwit marker and flag, the witness.
 */
export function spendTxWeight(witnessWeight: number): number {
  return BASE_TX_BYTES * 4 + 2 + witnessWeight;
}

/** The cost report. */
export interface CostReport {
  scriptBytes: number;
  /** Non-push instructions. */
  opcodes: number;
  /** Push instructions (constants and PICK/ROLL depths). */
  pushes: number;
  nonzeroWeights: number;
  bytesPerWeight: number;
  witnessItems: number;
  /** Largest serialized size of the witness items (script and control block excluded). */
  witnessBytesMax: number;
  peakStackItems: number;
  /** A script-path spend of a one-leaf taproot tree (33-byte control block), worst-case witness. */
  spend: {
    /** Serialized witness: items + script + control block (weight units: 1 per byte). */
    witnessWeight: number;
    /** Virtual size of a 1-in, 1-out P2TR transaction carrying it. */
    vbytes: number;
    feerate: number;
    fee: number;
  };
}

function maxEncodedLength([lo, hi]: [number, number]): number {
  return Math.max(encodeScriptNum(lo).length, encodeScriptNum(hi).length);
}

/** Builds the cost report. `feerate` in sat/vB. */
export function costReport(script: Uint8Array, program: Program, im: IntModel, dialect: Dialect, peakStackItems: number, feerate = 2): CostReport {
  let opcodes = 0;
  let pushes = 0;
  for (let pc = 0; pc < script.length; ) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) break;
    pc = ins.end;
    if (ins.opcode > 0x60 || ins.opcode === 0x50) opcodes++;
    else pushes++;
  }
  const nonzeroWeights = im.layers.reduce((s, l) => s + l.weights.flat().filter((w) => w !== 0).length, 0);
  const itemLens = program.witness.map(({ id }) => maxEncodedLength(program.intervals[id]!));
  const witnessBytesMax = itemLens.reduce((s, n) => s + compactSize(n).length + n, 0);
  const count = program.witness.length + 2;
  const witnessWeight =
    compactSize(count).length + witnessBytesMax + compactSize(script.length).length + script.length + 1 + dialect.controlBlockBytes;
  const vbytes = Math.ceil(spendTxWeight(witnessWeight) / 4);
  return {
    scriptBytes: script.length,
    opcodes,
    pushes,
    nonzeroWeights,
    bytesPerWeight: nonzeroWeights ? script.length / nonzeroWeights : 0,
    witnessItems: program.witness.length,
    witnessBytesMax,
    peakStackItems,
    spend: { witnessWeight, vbytes, feerate, fee: Math.ceil(vbytes * feerate) },
  };
}

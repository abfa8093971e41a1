/**
 * One VerifyScript-level fuzz case (a scriptSig, a scriptPubKey, a witness and flags) and how it
 * is printed in a counterexample and carried in JSON.
 */
import { toAsm } from '../script/asm.js';
import { fromHex, toHex } from '../script/bytes.js';
import { formatStackList } from '../script/stack-list.js';
import { flagNames, type FlagName } from '../vm/flags.js';
import { clip, formatFlags, formatStack } from './case.js';
import { counted } from '../io/text.js';

/** A spend: `verifyScript(scriptSig, scriptPubKey, { flags, witness })` (base checker: no signature passes). */
export interface SpendCase {
  scriptSig: Uint8Array;
  scriptPubKey: Uint8Array;
  /** Witness stack, bottom first (the last item is the witness script / control block / annex). */
  witness: Uint8Array[];
  /** SCRIPT_VERIFY_* bits, consistent as Core requires (CLEANSTACK ⇒ WITNESS ⇒ P2SH). */
  flags: number;
}

/** A spend case in JSON (`kind: "spend"` tells it from an evaluate case). */
export interface SpendCaseJson {
  kind: 'spend';
  scriptSig: string;
  scriptSigAsm?: string;
  scriptPubKey: string;
  scriptPubKeyAsm?: string;
  witness: string[];
  flags?: FlagName[];
  flagBits: number;
}

/** Whether a case is a spend (it has a scriptPubKey) rather than an evaluate case. */
export function isSpendCase(c: object): c is SpendCase {
  return 'scriptPubKey' in c;
}

/** The lines that describe a spend case in a counterexample report. */
export function formatSpendCase(c: SpendCase): string[] {
  return [
    `scriptSig (ASM):     ${clip(toAsm(c.scriptSig)) || '(empty)'}`,
    `scriptSig (hex):     ${clip(toHex(c.scriptSig)) || '(empty)'}  (${counted(c.scriptSig.length, 'byte')})`,
    `scriptPubKey (ASM):  ${clip(toAsm(c.scriptPubKey)) || '(empty)'}`,
    `scriptPubKey (hex):  ${clip(toHex(c.scriptPubKey)) || '(empty)'}  (${counted(c.scriptPubKey.length, 'byte')})`,
    `witness:             ${formatStack(c.witness)}  (${counted(c.witness.length, 'item')}, bottom first)`,
    `flags:               ${formatFlags(c.flags)}`,
  ];
}

/** A string equal for two spend cases exactly when they are equal (the witness as a stack list: no items and one empty item differ). */
export function spendCaseKey(c: SpendCase): string {
  return `spend|${toHex(c.scriptSig)}|${toHex(c.scriptPubKey)}|${formatStackList(c.witness)}|${c.flags}`;
}

/** A JSON-friendly copy of a spend case (hex strings, ASM, flag names). */
export function spendCaseToJson(c: SpendCase): SpendCaseJson {
  return {
    kind: 'spend',
    scriptSig: toHex(c.scriptSig),
    scriptSigAsm: toAsm(c.scriptSig),
    scriptPubKey: toHex(c.scriptPubKey),
    scriptPubKeyAsm: toAsm(c.scriptPubKey),
    witness: c.witness.map(toHex),
    flags: flagNames(c.flags),
    flagBits: c.flags,
  };
}

/** The spend case a {@link spendCaseToJson} copy describes (`flagBits` as the flags). */
export function spendCaseFromJson(j: SpendCaseJson): SpendCase {
  if (typeof j.scriptSig !== 'string' || typeof j.scriptPubKey !== 'string' || !Array.isArray(j.witness)) {
    throw new TypeError('a spend case needs scriptSig, scriptPubKey (hex) and witness (hex items)');
  }
  if (!Number.isInteger(j.flagBits) || j.flagBits < 0) throw new RangeError(`flagBits must be a non-negative integer (got ${j.flagBits})`);
  return { scriptSig: fromHex(j.scriptSig), scriptPubKey: fromHex(j.scriptPubKey), witness: j.witness.map((h) => fromHex(h)), flags: j.flagBits };
}

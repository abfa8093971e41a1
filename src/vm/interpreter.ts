/**
 * Bitcoin Core's `EvalScript`, for sigversions BASE, WITNESS_V0 and TAPSCRIPT. One loop; every
 * error is raised where Core raises it; stacks are mutated exactly as Core mutates them, so the
 * stack left behind after a failure is Core's too.
 */
import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { OP } from '../script/opcodes.js';
import { isMinimalPush, isTruncated, pushDataBytes, readInstruction } from '../script/script.js';
import {
  castToBool,
  clampInt32,
  encodeScriptNum,
  LOCKTIME_MAX_NUM_SIZE,
  scriptNumOrNaN,
} from '../script/scriptnum.js';
import type { ExecData, SigVersion, SignatureChecker } from './checker.js';
import type { ScriptErrorName } from './errors.js';
import { FLAGS } from './flags.js';
import {
  MAX_OPS_PER_SCRIPT,
  MAX_PUBKEYS_PER_MULTISIG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_SCRIPT_SIZE,
  MAX_STACK_SIZE,
  SEQUENCE_LOCKTIME_DISABLE_FLAG,
  VALIDATION_WEIGHT_PER_SIGOP_PASSED,
} from './limits.js';
import { checkPubKeyEncoding, checkSignatureEncoding, findAndDelete } from './sigencoding.js';

/** One step of a trace: the instruction and the stacks after it ran (or was skipped). */
export interface TraceStep {
  /** Byte offset of the opcode in the script. */
  pos: number;
  /** Opcode byte. */
  opcode: number;
  /** Whether the instruction executed (false inside a non-taken branch). */
  executed: boolean;
  /** Stack after the step, bottom first (items are shared, never mutated). */
  stack: Uint8Array[];
  /** Altstack after the step. */
  altstack: Uint8Array[];
}

/** Options of one EvalScript. */
export interface EvalContext {
  flags: number;
  checker: SignatureChecker;
  sigVersion: SigVersion;
  execData: ExecData;
  /** When set, receives one TraceStep per instruction. */
  trace?: TraceStep[];
}

/** What EvalScript returns; the stack passed in is mutated in place, as in Core. */
export interface EvalOutcome {
  error: ScriptErrorName;
  altstack: Uint8Array[];
  /** Core's nOpCount: opcodes above OP_16 reached, plus CHECKMULTISIG key counts (BASE and WITNESS_V0; 0 in tapscript, where Core does not count). */
  opCount: number;
}

const FALSE = new Uint8Array(0);
const TRUE = Uint8Array.of(1);

/** A fresh ExecData with Core's initial values. */
export function newExecData(validationWeightLeft = 0): ExecData {
  return { codeSeparatorPos: 0xffffffff, validationWeightLeft };
}

/**
 * Evaluates `script` on `stack` (mutated in place). Never throws for any script or stack.
 */
export function evalScript(stack: Uint8Array[], script: Uint8Array, ctx: EvalContext): EvalOutcome {
  const altstack: Uint8Array[] = [];
  const out: EvalOutcome = { error: 'UNKNOWN_ERROR', altstack, opCount: 0 };
  const { flags, checker, sigVersion, execData, trace } = ctx;
  const legacyLimits = sigVersion === 'base' || sigVersion === 'witness_v0';
  if (legacyLimits && script.length > MAX_SCRIPT_SIZE) {
    out.error = 'SCRIPT_SIZE';
    return out;
  }
  const requireMinimal = (flags & FLAGS.MINIMALDATA) !== 0;
  const end = script.length;
  let pc = 0;
  let beginCodeHash = 0;
  let opcodePos = 0;
  let opCount = 0;
  // Core's ConditionStack: its size and the position of its first false value.
  let condSize = 0;
  let firstFalse = -1;
  execData.codeSeparatorPos = 0xffffffff;

  const fail = (e: ScriptErrorName): EvalOutcome => {
    out.error = e;
    out.opCount = opCount;
    return out;
  };
  // NaN for an invalid number: each caller fails with SCRIPTNUM right after decoding, before it
  // changes the stack, where Core's CScriptNum constructor would throw.
  const num = (item: Uint8Array): number => scriptNumOrNaN(item, requireMinimal);
  const top = (i: number): Uint8Array => stack[stack.length + i]!;

  try {
    for (; pc < end; ++opcodePos) {
      const fExec = firstFalse < 0;
      const ins = readInstruction(script, pc);
      if (isTruncated(ins)) return fail('BAD_OPCODE');
      const opcode = ins.opcode;
      const stepPos = pc;
      pc = ins.end;
      if (ins.data !== undefined && ins.data.length > MAX_SCRIPT_ELEMENT_SIZE) return fail('PUSH_SIZE');
      // Core counts (and limits) opcodes in BASE and WITNESS_V0 only: in tapscript nOpCount stays 0.
      if (legacyLimits && opcode > OP.OP_16 && ++opCount > MAX_OPS_PER_SCRIPT) return fail('OP_COUNT');
      switch (opcode) {
        case OP.OP_CAT: case OP.OP_SUBSTR: case OP.OP_LEFT: case OP.OP_RIGHT: case OP.OP_INVERT:
        case OP.OP_AND: case OP.OP_OR: case OP.OP_XOR: case OP.OP_2MUL: case OP.OP_2DIV:
        case OP.OP_MUL: case OP.OP_DIV: case OP.OP_MOD: case OP.OP_LSHIFT: case OP.OP_RSHIFT:
          return fail('DISABLED_OPCODE');
      }
      if (opcode === OP.OP_CODESEPARATOR && sigVersion === 'base' && flags & FLAGS.CONST_SCRIPTCODE) {
        return fail('OP_CODESEPARATOR');
      }

      if (fExec && opcode <= OP.OP_PUSHDATA4) {
        if (requireMinimal && !isMinimalPush(ins.data!, opcode)) return fail('MINIMALDATA');
        stack.push(ins.data!);
      } else if (fExec || (opcode >= OP.OP_IF && opcode <= OP.OP_ENDIF)) {
        switch (opcode) {
          case OP.OP_1NEGATE: case OP.OP_1: case OP.OP_2: case OP.OP_3: case OP.OP_4: case OP.OP_5:
          case OP.OP_6: case OP.OP_7: case OP.OP_8: case OP.OP_9: case OP.OP_10: case OP.OP_11:
          case OP.OP_12: case OP.OP_13: case OP.OP_14: case OP.OP_15: case OP.OP_16:
            stack.push(encodeScriptNum(opcode - (OP.OP_1 - 1)));
            break;

          case OP.OP_NOP:
            break;

          case OP.OP_CHECKLOCKTIMEVERIFY: {
            if (!(flags & FLAGS.CHECKLOCKTIMEVERIFY)) break;
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            const lockTime = scriptNumOrNaN(top(-1), requireMinimal, LOCKTIME_MAX_NUM_SIZE);
            if (Number.isNaN(lockTime)) return fail('SCRIPTNUM');
            if (lockTime < 0) return fail('NEGATIVE_LOCKTIME');
            if (!checker.checkLockTime(lockTime)) return fail('UNSATISFIED_LOCKTIME');
            break;
          }

          case OP.OP_CHECKSEQUENCEVERIFY: {
            if (!(flags & FLAGS.CHECKSEQUENCEVERIFY)) break;
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            const sequence = scriptNumOrNaN(top(-1), requireMinimal, LOCKTIME_MAX_NUM_SIZE);
            if (Number.isNaN(sequence)) return fail('SCRIPTNUM');
            if (sequence < 0) return fail('NEGATIVE_LOCKTIME');
            if (Math.floor(sequence / SEQUENCE_LOCKTIME_DISABLE_FLAG) % 2 === 1) break;
            if (!checker.checkSequence(sequence)) return fail('UNSATISFIED_LOCKTIME');
            break;
          }

          case OP.OP_NOP1: case OP.OP_NOP4: case OP.OP_NOP5: case OP.OP_NOP6: case OP.OP_NOP7:
          case OP.OP_NOP8: case OP.OP_NOP9: case OP.OP_NOP10:
            if (flags & FLAGS.DISCOURAGE_UPGRADABLE_NOPS) return fail('DISCOURAGE_UPGRADABLE_NOPS');
            break;

          case OP.OP_IF:
          case OP.OP_NOTIF: {
            let value = false;
            if (fExec) {
              if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
              const vch = top(-1);
              if (sigVersion === 'tapscript') {
                if (vch.length > 1 || (vch.length === 1 && vch[0] !== 1)) return fail('TAPSCRIPT_MINIMALIF');
              }
              if (sigVersion === 'witness_v0' && flags & FLAGS.MINIMALIF) {
                if (vch.length > 1) return fail('MINIMALIF');
                if (vch.length === 1 && vch[0] !== 1) return fail('MINIMALIF');
              }
              value = castToBool(vch);
              if (opcode === OP.OP_NOTIF) value = !value;
              stack.pop();
            }
            if (firstFalse < 0 && !value) firstFalse = condSize;
            condSize++;
            break;
          }

          case OP.OP_ELSE:
            if (condSize === 0) return fail('UNBALANCED_CONDITIONAL');
            if (firstFalse < 0) firstFalse = condSize - 1;
            else if (firstFalse === condSize - 1) firstFalse = -1;
            break;

          case OP.OP_ENDIF:
            if (condSize === 0) return fail('UNBALANCED_CONDITIONAL');
            condSize--;
            if (firstFalse === condSize) firstFalse = -1;
            break;

          case OP.OP_VERIFY:
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            if (!castToBool(top(-1))) return fail('VERIFY');
            stack.pop();
            break;

          case OP.OP_RETURN:
            return fail('OP_RETURN');

          case OP.OP_TOALTSTACK:
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            altstack.push(stack.pop()!);
            break;

          case OP.OP_FROMALTSTACK:
            if (altstack.length < 1) return fail('INVALID_ALTSTACK_OPERATION');
            stack.push(altstack.pop()!);
            break;

          case OP.OP_2DROP:
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            stack.pop();
            stack.pop();
            break;

          case OP.OP_2DUP: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            const a = top(-2);
            const b = top(-1);
            stack.push(a, b);
            break;
          }

          case OP.OP_3DUP: {
            if (stack.length < 3) return fail('INVALID_STACK_OPERATION');
            const a = top(-3);
            const b = top(-2);
            const c = top(-1);
            stack.push(a, b, c);
            break;
          }

          case OP.OP_2OVER: {
            if (stack.length < 4) return fail('INVALID_STACK_OPERATION');
            const a = top(-4);
            const b = top(-3);
            stack.push(a, b);
            break;
          }

          case OP.OP_2ROT: {
            if (stack.length < 6) return fail('INVALID_STACK_OPERATION');
            const moved = stack.splice(stack.length - 6, 2);
            stack.push(moved[0]!, moved[1]!);
            break;
          }

          case OP.OP_2SWAP: {
            if (stack.length < 4) return fail('INVALID_STACK_OPERATION');
            const n = stack.length;
            const a = stack[n - 4]!;
            const b = stack[n - 3]!;
            stack[n - 4] = stack[n - 2]!;
            stack[n - 3] = stack[n - 1]!;
            stack[n - 2] = a;
            stack[n - 1] = b;
            break;
          }

          case OP.OP_IFDUP: {
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            const v = top(-1);
            if (castToBool(v)) stack.push(v);
            break;
          }

          case OP.OP_DEPTH:
            stack.push(encodeScriptNum(stack.length));
            break;

          case OP.OP_DROP:
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            stack.pop();
            break;

          case OP.OP_DUP:
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            stack.push(top(-1));
            break;

          case OP.OP_NIP:
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            stack.splice(stack.length - 2, 1);
            break;

          case OP.OP_OVER:
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            stack.push(top(-2));
            break;

          case OP.OP_PICK:
          case OP.OP_ROLL: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            const bn = num(top(-1));
            if (Number.isNaN(bn)) return fail('SCRIPTNUM');
            const n = clampInt32(bn);
            stack.pop();
            if (n < 0 || n >= stack.length) return fail('INVALID_STACK_OPERATION');
            const v = top(-n - 1);
            if (opcode === OP.OP_ROLL) stack.splice(stack.length - n - 1, 1);
            stack.push(v);
            break;
          }

          case OP.OP_ROT: {
            if (stack.length < 3) return fail('INVALID_STACK_OPERATION');
            const moved = stack.splice(stack.length - 3, 1);
            stack.push(moved[0]!);
            break;
          }

          case OP.OP_SWAP: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            const n = stack.length;
            const a = stack[n - 2]!;
            stack[n - 2] = stack[n - 1]!;
            stack[n - 1] = a;
            break;
          }

          case OP.OP_TUCK: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            stack.splice(stack.length - 2, 0, top(-1));
            break;
          }

          case OP.OP_SIZE:
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            stack.push(encodeScriptNum(top(-1).length));
            break;

          case OP.OP_EQUAL:
          case OP.OP_EQUALVERIFY: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            const equal = sameBytes(top(-2), top(-1));
            stack.pop();
            stack.pop();
            stack.push(equal ? TRUE : FALSE);
            if (opcode === OP.OP_EQUALVERIFY) {
              if (!equal) return fail('EQUALVERIFY');
              stack.pop();
            }
            break;
          }

          case OP.OP_1ADD: case OP.OP_1SUB: case OP.OP_NEGATE: case OP.OP_ABS: case OP.OP_NOT:
          case OP.OP_0NOTEQUAL: {
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            let bn = num(top(-1));
            if (Number.isNaN(bn)) return fail('SCRIPTNUM');
            switch (opcode) {
              case OP.OP_1ADD: bn += 1; break;
              case OP.OP_1SUB: bn -= 1; break;
              case OP.OP_NEGATE: bn = -bn; break;
              case OP.OP_ABS: if (bn < 0) bn = -bn; break;
              case OP.OP_NOT: bn = bn === 0 ? 1 : 0; break;
              default: bn = bn !== 0 ? 1 : 0; break;
            }
            stack.pop();
            stack.push(encodeScriptNum(bn));
            break;
          }

          case OP.OP_ADD: case OP.OP_SUB: case OP.OP_BOOLAND: case OP.OP_BOOLOR: case OP.OP_NUMEQUAL:
          case OP.OP_NUMEQUALVERIFY: case OP.OP_NUMNOTEQUAL: case OP.OP_LESSTHAN: case OP.OP_GREATERTHAN:
          case OP.OP_LESSTHANOREQUAL: case OP.OP_GREATERTHANOREQUAL: case OP.OP_MIN: case OP.OP_MAX: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            const a = num(top(-2));
            const b = num(top(-1));
            if (Number.isNaN(a) || Number.isNaN(b)) return fail('SCRIPTNUM');
            let r: number;
            switch (opcode) {
              case OP.OP_ADD: r = a + b; break;
              case OP.OP_SUB: r = a - b; break;
              case OP.OP_BOOLAND: r = a !== 0 && b !== 0 ? 1 : 0; break;
              case OP.OP_BOOLOR: r = a !== 0 || b !== 0 ? 1 : 0; break;
              case OP.OP_NUMEQUAL: case OP.OP_NUMEQUALVERIFY: r = a === b ? 1 : 0; break;
              case OP.OP_NUMNOTEQUAL: r = a !== b ? 1 : 0; break;
              case OP.OP_LESSTHAN: r = a < b ? 1 : 0; break;
              case OP.OP_GREATERTHAN: r = a > b ? 1 : 0; break;
              case OP.OP_LESSTHANOREQUAL: r = a <= b ? 1 : 0; break;
              case OP.OP_GREATERTHANOREQUAL: r = a >= b ? 1 : 0; break;
              case OP.OP_MIN: r = a < b ? a : b; break;
              default: r = a > b ? a : b; break;
            }
            stack.pop();
            stack.pop();
            stack.push(encodeScriptNum(r));
            if (opcode === OP.OP_NUMEQUALVERIFY) {
              if (r === 0) return fail('NUMEQUALVERIFY');
              stack.pop();
            }
            break;
          }

          case OP.OP_WITHIN: {
            if (stack.length < 3) return fail('INVALID_STACK_OPERATION');
            const x = num(top(-3));
            const lo = num(top(-2));
            const hi = num(top(-1));
            if (Number.isNaN(x) || Number.isNaN(lo) || Number.isNaN(hi)) return fail('SCRIPTNUM');
            stack.pop();
            stack.pop();
            stack.pop();
            stack.push(lo <= x && x < hi ? TRUE : FALSE);
            break;
          }

          case OP.OP_RIPEMD160: case OP.OP_SHA1: case OP.OP_SHA256: case OP.OP_HASH160:
          case OP.OP_HASH256: {
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            const v = top(-1);
            let h: Uint8Array;
            if (opcode === OP.OP_RIPEMD160) h = ripemd160(v);
            else if (opcode === OP.OP_SHA1) h = sha1(v);
            else if (opcode === OP.OP_SHA256) h = sha256(v);
            else if (opcode === OP.OP_HASH160) h = ripemd160(sha256(v));
            else h = sha256(sha256(v));
            stack.pop();
            stack.push(h);
            break;
          }

          case OP.OP_CODESEPARATOR:
            beginCodeHash = pc;
            execData.codeSeparatorPos = opcodePos;
            break;

          case OP.OP_CHECKSIG:
          case OP.OP_CHECKSIGVERIFY: {
            if (stack.length < 2) return fail('INVALID_STACK_OPERATION');
            const r = evalChecksig(top(-2), top(-1), script.subarray(beginCodeHash), ctx);
            if (typeof r === 'string') return fail(r);
            stack.pop();
            stack.pop();
            stack.push(r ? TRUE : FALSE);
            if (opcode === OP.OP_CHECKSIGVERIFY) {
              if (!r) return fail('CHECKSIGVERIFY');
              stack.pop();
            }
            break;
          }

          case OP.OP_CHECKSIGADD: {
            if (legacyLimits) return fail('BAD_OPCODE');
            if (stack.length < 3) return fail('INVALID_STACK_OPERATION');
            const sig = top(-3);
            const n = num(top(-2));
            if (Number.isNaN(n)) return fail('SCRIPTNUM');
            const r = evalChecksig(sig, top(-1), script.subarray(beginCodeHash), ctx);
            if (typeof r === 'string') return fail(r);
            stack.pop();
            stack.pop();
            stack.pop();
            stack.push(encodeScriptNum(n + (r ? 1 : 0)));
            break;
          }

          case OP.OP_CHECKMULTISIG:
          case OP.OP_CHECKMULTISIGVERIFY: {
            if (sigVersion === 'tapscript') return fail('TAPSCRIPT_CHECKMULTISIG');
            let i = 1;
            if (stack.length < i) return fail('INVALID_STACK_OPERATION');
            const keysNum = num(top(-i));
            if (Number.isNaN(keysNum)) return fail('SCRIPTNUM');
            let keysCount = clampInt32(keysNum);
            if (keysCount < 0 || keysCount > MAX_PUBKEYS_PER_MULTISIG) return fail('PUBKEY_COUNT');
            opCount += keysCount;
            if (opCount > MAX_OPS_PER_SCRIPT) return fail('OP_COUNT');
            let ikey = ++i;
            // Position of the last non-signature item (top = 1), for NULLFAIL's clean-up check.
            let ikey2 = keysCount + 2;
            i += keysCount;
            if (stack.length < i) return fail('INVALID_STACK_OPERATION');
            const sigsNum = num(top(-i));
            if (Number.isNaN(sigsNum)) return fail('SCRIPTNUM');
            let sigsCount = clampInt32(sigsNum);
            if (sigsCount < 0 || sigsCount > keysCount) return fail('SIG_COUNT');
            let isig = ++i;
            i += sigsCount;
            if (stack.length < i) return fail('INVALID_STACK_OPERATION');

            let scriptCode = script.subarray(beginCodeHash);
            for (let k = 0; k < sigsCount; k++) {
              const sig = top(-isig - k);
              if (sigVersion === 'base') {
                const r = findAndDelete(scriptCode, pushDataBytes(sig));
                if (r.found > 0 && flags & FLAGS.CONST_SCRIPTCODE) return fail('SIG_FINDANDDELETE');
                scriptCode = r.script;
              }
            }

            let success = true;
            while (success && sigsCount > 0) {
              const sig = top(-isig);
              const pubkey = top(-ikey);
              const encErr = checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, sigVersion);
              if (encErr) return fail(encErr);
              const ok = checker.checkEcdsaSignature(sig, pubkey, scriptCode, sigVersion);
              if (ok) {
                isig++;
                sigsCount--;
              }
              ikey++;
              keysCount--;
              if (sigsCount > keysCount) success = false;
            }

            while (i-- > 1) {
              if (!success && flags & FLAGS.NULLFAIL && !ikey2 && top(-1).length) return fail('SIG_NULLFAIL');
              if (ikey2 > 0) ikey2--;
              stack.pop();
            }
            if (stack.length < 1) return fail('INVALID_STACK_OPERATION');
            if (flags & FLAGS.NULLDUMMY && top(-1).length) return fail('SIG_NULLDUMMY');
            stack.pop();
            stack.push(success ? TRUE : FALSE);
            if (opcode === OP.OP_CHECKMULTISIGVERIFY) {
              if (!success) return fail('CHECKMULTISIGVERIFY');
              stack.pop();
            }
            break;
          }

          default:
            return fail('BAD_OPCODE');
        }
      }

      if (stack.length + altstack.length > MAX_STACK_SIZE) return fail('STACK_SIZE');
      if (trace) trace.push({ pos: stepPos, opcode, executed: fExec || (opcode >= OP.OP_IF && opcode <= OP.OP_ENDIF), stack: stack.slice(), altstack: altstack.slice() });
    }
  } catch {
    return fail('UNKNOWN_ERROR');
  }

  if (condSize !== 0) return fail('UNBALANCED_CONDITIONAL');
  return fail('OK');
}

/**
 * Core's `EvalChecksig`: returns the check's boolean result, or an error name when the script
 * must fail.
 */
function evalChecksig(sig: Uint8Array, pubkey: Uint8Array, scriptCode: Uint8Array, ctx: EvalContext): boolean | ScriptErrorName {
  const { flags, checker, sigVersion, execData } = ctx;
  if (sigVersion === 'base' || sigVersion === 'witness_v0') {
    let code = scriptCode;
    if (sigVersion === 'base') {
      const r = findAndDelete(code, pushDataBytes(sig));
      if (r.found > 0 && flags & FLAGS.CONST_SCRIPTCODE) return 'SIG_FINDANDDELETE';
      code = r.script;
    }
    const encErr = checkSignatureEncoding(sig, flags) ?? checkPubKeyEncoding(pubkey, flags, sigVersion);
    if (encErr) return encErr;
    const ok = checker.checkEcdsaSignature(sig, pubkey, code, sigVersion);
    if (!ok && flags & FLAGS.NULLFAIL && sig.length) return 'SIG_NULLFAIL';
    return ok;
  }
  // Tapscript (BIP342).
  const success = sig.length !== 0;
  if (success) {
    execData.validationWeightLeft -= VALIDATION_WEIGHT_PER_SIGOP_PASSED;
    if (execData.validationWeightLeft < 0) return 'TAPSCRIPT_VALIDATION_WEIGHT';
  }
  if (pubkey.length === 0) return 'TAPSCRIPT_EMPTY_PUBKEY';
  if (pubkey.length === 32) {
    if (success) {
      const r = checker.checkSchnorrSignature(sig, pubkey, sigVersion, execData);
      if (r !== true) return r === false ? 'UNKNOWN_ERROR' : r;
    }
  } else if (flags & FLAGS.DISCOURAGE_UPGRADABLE_PUBKEYTYPE) {
    return 'DISCOURAGE_UPGRADABLE_PUBKEYTYPE';
  }
  return success;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

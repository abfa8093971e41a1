/**
 * Bitcoin Core's `VerifyScript`, `VerifyWitnessProgram` and `ExecuteWitnessScript`, and
 * `evaluate`: one script on an initial stack under a chosen sigversion.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { isOpSuccess, OP } from '../script/opcodes.js';
import {
  isP2SH,
  isPayToAnchor,
  isPushOnly,
  isTruncated,
  pushDataBytes,
  readInstruction,
  witnessProgram,
} from '../script/script.js';
import { castToBool } from '../script/scriptnum.js';
import { concatBytes } from '../script/bytes.js';
import { baseChecker, type ExecData, type SigVersion, type SignatureChecker } from './checker.js';
import type { ScriptErrorName } from './errors.js';
import { FLAGS } from './flags.js';
import { evalScript, newExecData, type TraceStep } from './interpreter.js';
import {
  ANNEX_TAG,
  MAX_SCRIPT_ELEMENT_SIZE,
  MAX_STACK_SIZE,
  TAPROOT_CONTROL_BASE_SIZE,
  TAPROOT_CONTROL_MAX_SIZE,
  TAPROOT_CONTROL_NODE_SIZE,
  TAPROOT_LEAF_MASK,
  TAPROOT_LEAF_TAPSCRIPT,
  VALIDATION_WEIGHT_OFFSET,
  WITNESS_V0_KEYHASH_SIZE,
  WITNESS_V0_SCRIPTHASH_SIZE,
  WITNESS_V1_TAPROOT_SIZE,
} from './limits.js';
import { compactSize, tapleafHash, verifyTaprootCommitment } from './taproot.js';

/**
 * The result shape every engine returns: what an evaluation left. Stack items are values to read, not to write: one `Uint8Array` may sit
 * at several positions (an item the script duplicated; with the native engine, also equal items of
 * at most 7 bytes) and may be an input the caller passed in. Copy an item before mutating it.
 */
export interface EvalResult {
  success: boolean;
  /** Core's ScriptError name; 'OK' on success. */
  error: ScriptErrorName;
  /** Main stack when evaluation stopped, bottom first. */
  stack: Uint8Array[];
  /** Altstack when evaluation stopped, bottom first. */
  altstack: Uint8Array[];
  /** Core's nOpCount of the (last) evaluated script. */
  opCount: number;
  /** Step trace, when asked for (`evaluate` with `trace: true`); otherwise the key is absent. */
  trace?: TraceStep[];
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Rules to run under; default 'base'. */
  sigVersion?: Exclude<SigVersion, 'taproot'>;
  /** SCRIPT_VERIFY_* bits; default none. */
  flags?: number;
  /** Signature / lock-time checker; default fails every check (Core's base checker). */
  checker?: SignatureChecker;
  /** Record a step trace. */
  trace?: boolean;
  /**
   * Tapscript only: the validation-weight budget (BIP342). Default: what a script-path spend of
   * this script and stack with a 33-byte control block and no annex would get.
   */
  validationWeight?: number;
}

function witnessSerializedSize(items: Uint8Array[]): number {
  let n = compactSize(items.length).length;
  for (const it of items) n += compactSize(it.length).length + it.length;
  return n;
}

/**
 * Runs one script on an initial stack (bottom first).
 * - 'base': EvalScript; succeeds when no error occurred and the top item is true (with the
 *   CLEANSTACK flag, exactly one item must remain).
 * - 'witness_v0' / 'tapscript': Core's ExecuteWitnessScript (OP_SUCCESSx scan, initial stack
 *   checks, evaluation, implicit clean stack and truth).
 * Never throws for any script or stack.
 */
export function evaluate(script: Uint8Array, initialStack: readonly Uint8Array[], options: EvaluateOptions = {}): EvalResult {
  const sigVersion = options.sigVersion ?? 'base';
  const flags = options.flags ?? 0;
  const checker = options.checker ?? baseChecker;
  const trace: TraceStep[] | undefined = options.trace ? [] : undefined;
  const stack = initialStack.slice();
  if (sigVersion === 'base') {
    const r = evalScript(stack, script, { flags, checker, sigVersion, execData: newExecData(), trace });
    let error = r.error;
    if (error === 'OK') {
      if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) error = 'EVAL_FALSE';
      else if (flags & FLAGS.CLEANSTACK && stack.length !== 1) error = 'CLEANSTACK';
    }
    const result: EvalResult = { success: error === 'OK', error, stack, altstack: r.altstack, opCount: r.opCount };
    if (trace) result.trace = trace;
    return result;
  }
  const budget =
    options.validationWeight ??
    witnessSerializedSize([...stack, script, new Uint8Array(TAPROOT_CONTROL_BASE_SIZE)]) + VALIDATION_WEIGHT_OFFSET;
  const execData = newExecData(budget);
  return executeWitnessScript(stack, script, flags, sigVersion, checker, execData, trace);
}

/** Core's `ExecuteWitnessScript` (the stack array is used in place). */
export function executeWitnessScript(
  stack: Uint8Array[],
  script: Uint8Array,
  flags: number,
  sigVersion: 'witness_v0' | 'tapscript',
  checker: SignatureChecker,
  execData: ExecData,
  trace?: TraceStep[],
): EvalResult {
  // No `trace` key unless tracing: every result has the same keys on every path and engine.
  const done = (error: ScriptErrorName, altstack: Uint8Array[] = [], opCount = 0): EvalResult => {
    const result: EvalResult = { success: error === 'OK', error, stack, altstack, opCount };
    if (trace) result.trace = trace;
    return result;
  };
  if (sigVersion === 'tapscript') {
    let pc = 0;
    while (pc < script.length) {
      const ins = readInstruction(script, pc);
      if (isTruncated(ins)) return done('BAD_OPCODE');
      if (isOpSuccess(ins.opcode)) {
        return done(flags & FLAGS.DISCOURAGE_OP_SUCCESS ? 'DISCOURAGE_OP_SUCCESS' : 'OK');
      }
      pc = ins.end;
    }
    if (stack.length > MAX_STACK_SIZE) return done('STACK_SIZE');
  }
  for (const item of stack) if (item.length > MAX_SCRIPT_ELEMENT_SIZE) return done('PUSH_SIZE');
  const r = evalScript(stack, script, { flags, checker, sigVersion, execData, trace });
  if (r.error !== 'OK') return done(r.error, r.altstack, r.opCount);
  if (stack.length !== 1) return done('CLEANSTACK', r.altstack, r.opCount);
  if (!castToBool(stack[0]!)) return done('EVAL_FALSE', r.altstack, r.opCount);
  return done('OK', r.altstack, r.opCount);
}

/** Core's `VerifyWitnessProgram`. */
function verifyWitnessProgram(
  witness: readonly Uint8Array[],
  version: number,
  program: Uint8Array,
  flags: number,
  checker: SignatureChecker,
  isP2shWrapped: boolean,
): EvalResult {
  const stack = witness.slice();
  const plain = (error: ScriptErrorName): EvalResult => ({ success: error === 'OK', error, stack, altstack: [], opCount: 0 });
  if (version === 0) {
    if (program.length === WITNESS_V0_SCRIPTHASH_SIZE) {
      if (stack.length === 0) return plain('WITNESS_PROGRAM_WITNESS_EMPTY');
      const script = stack.pop()!;
      const h = sha256(script);
      for (let i = 0; i < 32; i++) if (h[i] !== program[i]) return plain('WITNESS_PROGRAM_MISMATCH');
      return executeWitnessScript(stack, script, flags, 'witness_v0', checker, newExecData());
    }
    if (program.length === WITNESS_V0_KEYHASH_SIZE) {
      if (stack.length !== 2) return plain('WITNESS_PROGRAM_MISMATCH');
      const script = concatBytes(Uint8Array.of(OP.OP_DUP, OP.OP_HASH160), pushDataBytes(program), Uint8Array.of(OP.OP_EQUALVERIFY, OP.OP_CHECKSIG));
      return executeWitnessScript(stack, script, flags, 'witness_v0', checker, newExecData());
    }
    return plain('WITNESS_PROGRAM_WRONG_LENGTH');
  }
  if (version === 1 && program.length === WITNESS_V1_TAPROOT_SIZE && !isP2shWrapped) {
    if (!(flags & FLAGS.TAPROOT)) return plain('OK');
    if (stack.length === 0) return plain('WITNESS_PROGRAM_WITNESS_EMPTY');
    const execData = newExecData();
    const last = stack[stack.length - 1]!;
    if (stack.length >= 2 && last.length > 0 && last[0] === ANNEX_TAG) {
      stack.pop();
      execData.annexHash = sha256(concatBytes(compactSize(last.length), last));
    }
    if (stack.length === 1) {
      const r = checker.checkSchnorrSignature(stack[0]!, program, 'taproot', execData);
      // Core's base checker fails without naming an error; VerifyScript's last error is OK then.
      return r === true ? plain('OK') : { ...plain(r === false ? 'OK' : r), success: false };
    }
    const control = stack.pop()!;
    const script = stack.pop()!;
    if (
      control.length < TAPROOT_CONTROL_BASE_SIZE ||
      control.length > TAPROOT_CONTROL_MAX_SIZE ||
      (control.length - TAPROOT_CONTROL_BASE_SIZE) % TAPROOT_CONTROL_NODE_SIZE !== 0
    ) {
      return plain('TAPROOT_WRONG_CONTROL_SIZE');
    }
    const leafVersion = control[0]! & TAPROOT_LEAF_MASK;
    execData.tapleafHash = tapleafHash(leafVersion, script);
    if (!verifyTaprootCommitment(control, program, execData.tapleafHash)) return plain('WITNESS_PROGRAM_MISMATCH');
    if (leafVersion === TAPROOT_LEAF_TAPSCRIPT) {
      execData.validationWeightLeft = witnessSerializedSize(witness as Uint8Array[]) + VALIDATION_WEIGHT_OFFSET;
      return executeWitnessScript(stack, script, flags, 'tapscript', checker, execData);
    }
    if (flags & FLAGS.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION) return plain('DISCOURAGE_UPGRADABLE_TAPROOT_VERSION');
    return plain('OK');
  }
  if (!isP2shWrapped && isPayToAnchor(version, program)) return plain('OK');
  if (flags & FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM) return plain('DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM');
  return plain('OK');
}

/** Options of `verifyScript`. */
export interface VerifyOptions {
  flags?: number;
  checker?: SignatureChecker;
  /** Witness stack of the input, bottom first. */
  witness?: readonly Uint8Array[];
}

/**
 * Core's `VerifyScript`: scriptSig then scriptPubKey on one stack, P2SH, witness programs (v0,
 * taproot), CLEANSTACK and unexpected-witness checks. Never throws.
 */
export function verifyScript(scriptSig: Uint8Array, scriptPubKey: Uint8Array, options: VerifyOptions = {}): EvalResult {
  const flags = options.flags ?? 0;
  const checker = options.checker ?? baseChecker;
  const witness = options.witness ?? [];
  let hadWitness = false;
  let stack: Uint8Array[] = [];
  let last: EvalResult = { success: false, error: 'UNKNOWN_ERROR', stack, altstack: [], opCount: 0 };
  const fail = (error: ScriptErrorName): EvalResult => ({ ...last, stack, success: false, error });

  if (flags & FLAGS.SIGPUSHONLY && !isPushOnly(scriptSig)) return fail('SIG_PUSHONLY');

  const run = (script: Uint8Array): boolean => {
    const r = evalScript(stack, script, { flags, checker, sigVersion: 'base', execData: newExecData() });
    last = { success: r.error === 'OK', error: r.error, stack, altstack: r.altstack, opCount: r.opCount };
    return r.error === 'OK';
  };

  if (!run(scriptSig)) return last;
  const stackCopy = flags & FLAGS.P2SH ? stack.slice() : [];
  if (!run(scriptPubKey)) return last;
  if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return fail('EVAL_FALSE');

  if (flags & FLAGS.WITNESS) {
    const wp = witnessProgram(scriptPubKey);
    if (wp) {
      hadWitness = true;
      if (scriptSig.length !== 0) return fail('WITNESS_MALLEATED');
      const r = verifyWitnessProgram(witness, wp.version, wp.program, flags, checker, false);
      if (!r.success) return r;
      last = r;
      stack = stack.slice(0, 1);
    }
  }

  if (flags & FLAGS.P2SH && isP2SH(scriptPubKey)) {
    if (!isPushOnly(scriptSig)) return fail('SIG_PUSHONLY');
    stack = stackCopy;
    const redeem = stack.pop()!;
    if (!run(redeem)) return last;
    if (stack.length === 0 || !castToBool(stack[stack.length - 1]!)) return fail('EVAL_FALSE');
    if (flags & FLAGS.WITNESS) {
      const wp = witnessProgram(redeem);
      if (wp) {
        hadWitness = true;
        const expected = pushDataBytes(redeem);
        if (scriptSig.length !== expected.length || scriptSig.some((b, i) => b !== expected[i])) {
          return fail('WITNESS_MALLEATED_P2SH');
        }
        const r = verifyWitnessProgram(witness, wp.version, wp.program, flags, checker, true);
        if (!r.success) return r;
        last = r;
        stack = stack.slice(0, 1);
      }
    }
  }

  if (flags & FLAGS.CLEANSTACK && stack.length !== 1) return fail('CLEANSTACK');
  if (flags & FLAGS.WITNESS && !hadWitness && witness.length !== 0) return fail('WITNESS_UNEXPECTED');
  return { ...last, stack, success: true, error: 'OK' };
}

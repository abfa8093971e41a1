/**
 * Bitcoin Core's `ScriptError` values, named without the `SCRIPT_ERR_` prefix and numbered in
 * Core's order (the C API uses the same numbers; scripts/gen-opcodes generates them).
 */
export const SCRIPT_ERRORS = [
  'OK',
  'UNKNOWN_ERROR',
  'EVAL_FALSE',
  'OP_RETURN',
  'SCRIPTNUM',
  // Max sizes
  'SCRIPT_SIZE',
  'PUSH_SIZE',
  'OP_COUNT',
  'STACK_SIZE',
  'SIG_COUNT',
  'PUBKEY_COUNT',
  // Failed verify operations
  'VERIFY',
  'EQUALVERIFY',
  'CHECKMULTISIGVERIFY',
  'CHECKSIGVERIFY',
  'NUMEQUALVERIFY',
  // Logical/Format/Canonical errors
  'BAD_OPCODE',
  'DISABLED_OPCODE',
  'INVALID_STACK_OPERATION',
  'INVALID_ALTSTACK_OPERATION',
  'UNBALANCED_CONDITIONAL',
  // CHECKLOCKTIMEVERIFY and CHECKSEQUENCEVERIFY
  'NEGATIVE_LOCKTIME',
  'UNSATISFIED_LOCKTIME',
  // Malleability
  'SIG_HASHTYPE',
  'SIG_DER',
  'MINIMALDATA',
  'SIG_PUSHONLY',
  'SIG_HIGH_S',
  'SIG_NULLDUMMY',
  'PUBKEYTYPE',
  'CLEANSTACK',
  'MINIMALIF',
  'SIG_NULLFAIL',
  // Softfork safeness
  'DISCOURAGE_UPGRADABLE_NOPS',
  'DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM',
  'DISCOURAGE_UPGRADABLE_TAPROOT_VERSION',
  'DISCOURAGE_OP_SUCCESS',
  'DISCOURAGE_UPGRADABLE_PUBKEYTYPE',
  // Segregated witness
  'WITNESS_PROGRAM_WRONG_LENGTH',
  'WITNESS_PROGRAM_WITNESS_EMPTY',
  'WITNESS_PROGRAM_MISMATCH',
  'WITNESS_MALLEATED',
  'WITNESS_MALLEATED_P2SH',
  'WITNESS_UNEXPECTED',
  'WITNESS_PUBKEYTYPE',
  // Taproot
  'SCHNORR_SIG_SIZE',
  'SCHNORR_SIG_HASHTYPE',
  'SCHNORR_SIG',
  'TAPROOT_WRONG_CONTROL_SIZE',
  'TAPSCRIPT_VALIDATION_WEIGHT',
  'TAPSCRIPT_CHECKMULTISIG',
  'TAPSCRIPT_MINIMALIF',
  'TAPSCRIPT_EMPTY_PUBKEY',
  // Constant scriptCode
  'OP_CODESEPARATOR',
  'SIG_FINDANDDELETE',
] as const;

/** A script error name, e.g. `EVAL_FALSE`. */
export type ScriptErrorName = (typeof SCRIPT_ERRORS)[number];

const NAMES = new Set<string>(SCRIPT_ERRORS);

/** True when `s` is one of Core's script error names (without prefix). */
export function isScriptErrorName(s: string): s is ScriptErrorName {
  return NAMES.has(s);
}

/** Core's number for an error name. */
export function scriptErrorCode(name: ScriptErrorName): number {
  return SCRIPT_ERRORS.indexOf(name);
}

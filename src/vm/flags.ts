/** `SCRIPT_VERIFY_*` flags: Bitcoin Core's bit values and names. */
import { BsmlError } from '../errors.js';
export const FLAGS = {
  NONE: 0,
  P2SH: 1 << 0,
  STRICTENC: 1 << 1,
  DERSIG: 1 << 2,
  LOW_S: 1 << 3,
  NULLDUMMY: 1 << 4,
  SIGPUSHONLY: 1 << 5,
  MINIMALDATA: 1 << 6,
  DISCOURAGE_UPGRADABLE_NOPS: 1 << 7,
  CLEANSTACK: 1 << 8,
  CHECKLOCKTIMEVERIFY: 1 << 9,
  CHECKSEQUENCEVERIFY: 1 << 10,
  WITNESS: 1 << 11,
  DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM: 1 << 12,
  MINIMALIF: 1 << 13,
  NULLFAIL: 1 << 14,
  WITNESS_PUBKEYTYPE: 1 << 15,
  CONST_SCRIPTCODE: 1 << 16,
  TAPROOT: 1 << 17,
  DISCOURAGE_UPGRADABLE_TAPROOT_VERSION: 1 << 18,
  DISCOURAGE_OP_SUCCESS: 1 << 19,
  DISCOURAGE_UPGRADABLE_PUBKEYTYPE: 1 << 20,
} as const;

/** A flag name. */
export type FlagName = keyof typeof FLAGS;

/** Every flag bit that is defined. */
export const ALL_FLAGS = Object.values(FLAGS).reduce((a, b) => a | b, 0);

/** An unknown flag name. */
export class FlagError extends BsmlError {
  readonly code = 'BAD_FLAG';
  override readonly name = 'FlagError';
  constructor(readonly flag: string) {
    super(`unknown flag ${JSON.stringify(flag)} (known: ${Object.keys(FLAGS).join(', ')})`);
  }
}

/**
 * Parses a comma-separated flag list (`"P2SH,STRICTENC"`); `""` and `"NONE"` mean no flags. An
 * optional `SCRIPT_VERIFY_` prefix is accepted. Throws FlagError naming an unknown flag.
 */
export function parseFlags(list: string): number {
  let flags = 0;
  for (const raw of list.split(',')) {
    const name = raw.trim().replace(/^SCRIPT_VERIFY_/, '');
    if (name === '') continue;
    if (!Object.prototype.hasOwnProperty.call(FLAGS, name)) throw new FlagError(raw.trim());
    flags |= FLAGS[name as FlagName];
  }
  return flags;
}

/** The names of the set flags, in bit order. */
export function flagNames(flags: number): FlagName[] {
  return (Object.keys(FLAGS) as FlagName[]).filter((n) => FLAGS[n] !== 0 && (flags & FLAGS[n]) !== 0);
}

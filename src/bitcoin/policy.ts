/** Bitcoin Core's script-flag sets (policy.h) and dust threshold (policy.cpp). */
import { witnessProgram } from '../script/script.js';
import { FLAGS } from '../vm/flags.js';

/** Consensus flags every block enforces today (Core's MANDATORY_SCRIPT_VERIFY_FLAGS). */
export const MANDATORY_FLAGS =
  FLAGS.P2SH | FLAGS.DERSIG | FLAGS.NULLDUMMY | FLAGS.CHECKLOCKTIMEVERIFY | FLAGS.CHECKSEQUENCEVERIFY | FLAGS.WITNESS | FLAGS.TAPROOT;

/** Core's STANDARD_SCRIPT_VERIFY_FLAGS: what relay policy checks. */
export const STANDARD_FLAGS =
  MANDATORY_FLAGS |
  FLAGS.STRICTENC |
  FLAGS.MINIMALDATA |
  FLAGS.DISCOURAGE_UPGRADABLE_NOPS |
  FLAGS.CLEANSTACK |
  FLAGS.MINIMALIF |
  FLAGS.NULLFAIL |
  FLAGS.LOW_S |
  FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM |
  FLAGS.WITNESS_PUBKEYTYPE |
  FLAGS.CONST_SCRIPTCODE |
  FLAGS.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION |
  FLAGS.DISCOURAGE_OP_SUCCESS |
  FLAGS.DISCOURAGE_UPGRADABLE_PUBKEYTYPE;

/** Core's default dust relay fee, in sat per 1000 vbytes. */
export const DUST_RELAY_FEE = 3000;

/**
 * Core's `GetDustThreshold` at the default dust relay fee: the smallest output value that is not
 * dust for this scriptPubKey (0 for unspendable OP_RETURN outputs).
 */
export function dustThreshold(scriptPubKey: Uint8Array): number {
  if (scriptPubKey.length > 0 && scriptPubKey[0] === 0x6a) return 0;
  const lenPrefix = scriptPubKey.length < 0xfd ? 1 : 3;
  let size = 8 + lenPrefix + scriptPubKey.length;
  // The cost of spending it later: a witness input is discounted.
  size += witnessProgram(scriptPubKey) ? 32 + 4 + 1 + Math.floor(107 / 4) + 4 : 32 + 4 + 1 + 107 + 4;
  return Math.floor((size * DUST_RELAY_FEE) / 1000);
}

/** Bitcoin Core's script-flag sets (policy.h), dust threshold (policy.cpp) and the standardness limits a script-path spend can exceed. */
import { witnessProgram } from '../script/script.js';
import { FLAGS } from '../vm/flags.js';
import { MAX_BLOCK_WEIGHT } from './tx-check.js';

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

/** Core's `MAX_STANDARD_TX_WEIGHT` (policy/policy.h): nodes relay no heavier transaction. */
export const MAX_STANDARD_TX_WEIGHT = 400_000;

/**
 * Core's `MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE` (policy/policy.h): IsWitnessStandard refuses a
 * tapscript (leaf 0xc0) spend whose initial witness items (script and control block excluded) hold
 * one larger.
 */
export const MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE = 80;

/**
 * Why a transaction of `weight` WU cannot confirm the ordinary way, or undefined when it can:
 * above {@link MAX_BLOCK_WEIGHT} no block holds it (consensus); above
 * {@link MAX_STANDARD_TX_WEIGHT} nodes do not relay it, so only a miner including it directly
 * confirms it.
 */
export function weightProblem(weight: number): { limit: number; reason: string } | undefined {
  if (weight > MAX_BLOCK_WEIGHT) return { limit: MAX_BLOCK_WEIGHT, reason: `above MAX_BLOCK_WEIGHT (${MAX_BLOCK_WEIGHT} WU): no block can hold it` };
  if (weight > MAX_STANDARD_TX_WEIGHT) {
    return { limit: MAX_STANDARD_TX_WEIGHT, reason: `above Bitcoin Core's MAX_STANDARD_TX_WEIGHT (${MAX_STANDARD_TX_WEIGHT} WU): nodes will not relay it, only a miner including it directly can confirm it` };
  }
  return undefined;
}

/**
 * What keeps a tapscript script-path spend out of Bitcoin Core's mempools (or out of blocks), one
 * line each: the transaction's weight ({@link weightProblem}) and witness items larger than
 * {@link MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE}. `items`: the witness items the script consumes,
 * bottom first (without the script and control block). Empty when nothing does.
 */
export function scriptPathSpendProblems(weight: number, items: readonly Uint8Array[]): string[] {
  const out: string[] = [];
  const w = weightProblem(weight);
  if (w) out.push(`the transaction weighs ${weight} WU, ${w.reason}`);
  const big = items.flatMap((it, i) => (it.length > MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE ? [i] : []));
  if (big.length) {
    const first = `witness item ${big[0]} (bottom first) is ${items[big[0]!]!.length} bytes`;
    const more = big.length > 1 ? ` (and ${big.length - 1} more item${big.length > 2 ? 's' : ''})` : '';
    out.push(`${first}${more}, above Bitcoin Core's MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE (${MAX_STANDARD_TAPSCRIPT_STACK_ITEM_SIZE} bytes): nodes will not relay it`);
  }
  return out;
}

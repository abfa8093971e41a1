/**
 * The defaults of `buildScriptPathSpend` (and so of `bsml spend`), in a module the command's help
 * can import without loading bitcoinjs-lib.
 */

/** nSequence of the spending input: 0xfffffffd (signals replaceability, keeps nLockTime enforced). */
export const DEFAULT_SPEND_SEQUENCE = 0xfffffffd;

/** nLockTime of the spending transaction. */
export const DEFAULT_SPEND_LOCKTIME = 0;

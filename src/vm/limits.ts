/** Consensus limits, named as Bitcoin Core names them. */
export const MAX_SCRIPT_ELEMENT_SIZE = 520;
export const MAX_OPS_PER_SCRIPT = 201;
export const MAX_PUBKEYS_PER_MULTISIG = 20;
export const MAX_SCRIPT_SIZE = 10_000;
export const MAX_STACK_SIZE = 1000;
/** Tapscript: validation weight charged per executed signature check with a non-empty signature. */
export const VALIDATION_WEIGHT_PER_SIGOP_PASSED = 50;
/** Tapscript: validation weight budget offset added to the witness size. */
export const VALIDATION_WEIGHT_OFFSET = 50;
export const LOCKTIME_THRESHOLD = 500_000_000;
export const SEQUENCE_FINAL = 0xffffffff;
export const SEQUENCE_LOCKTIME_DISABLE_FLAG = 2 ** 31;
export const SEQUENCE_LOCKTIME_TYPE_FLAG = 1 << 22;
export const SEQUENCE_LOCKTIME_MASK = 0x0000ffff;
export const WITNESS_V0_SCRIPTHASH_SIZE = 32;
export const WITNESS_V0_KEYHASH_SIZE = 20;
export const WITNESS_V1_TAPROOT_SIZE = 32;
export const TAPROOT_LEAF_MASK = 0xfe;
export const TAPROOT_LEAF_TAPSCRIPT = 0xc0;
export const TAPROOT_CONTROL_BASE_SIZE = 33;
export const TAPROOT_CONTROL_NODE_SIZE = 32;
export const TAPROOT_CONTROL_MAX_NODE_COUNT = 128;
export const TAPROOT_CONTROL_MAX_SIZE = TAPROOT_CONTROL_BASE_SIZE + TAPROOT_CONTROL_NODE_SIZE * TAPROOT_CONTROL_MAX_NODE_COUNT;
export const ANNEX_TAG = 0x50;

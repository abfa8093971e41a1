/** `bsml taproot`: options and help. */
import { defineCommand } from '../command-spec.js';

/** `--internal-key` of taproot and spend. */
export const INTERNAL_KEY_OPTION = {
  type: 'string',
  value: 'XONLYHEX',
  help: "the output's internal key (32-byte x-only, hex)",
  defaultText: "BIP341's NUMS point: no key path, script path only",
} as const;

/** `--network` of taproot and spend. */
export const NETWORK_OPTION = { type: 'string', value: 'mainnet|testnet|signet|regtest', default: 'mainnet', help: 'network of the address' } as const;

export const TAPROOT_SPEC = defineCommand({
  name: 'taproot',
  usage: 'OUT_DIR [options]',
  summary: "the P2TR output (address) committing to a compiled model's script",
  description:
    "Reads OUT_DIR/script.hex (bsml compile) and prints the Pay-to-Taproot output whose tree holds that script as its one leaf (version 0xc0): " +
    'address, scriptPubKey, internal key, tapleaf hash and control block.',
  options: {
    'internal-key': INTERNAL_KEY_OPTION,
    network: NETWORK_OPTION,
    json: {
      type: 'boolean',
      help: 'print {address, outputScriptHex, outputKey, parity, internalKey, leafScriptHex, leafVersion, tapleafHash, merkleRoot, controlBlockHex, network} as JSON',
    },
  },
  examples: ['bsml taproot out --network testnet'],
});

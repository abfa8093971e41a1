/** `bsml spend`: options and help. */
import { defineCommand } from '../command-spec.js';
import { DEFAULT_SPEND_LOCKTIME, DEFAULT_SPEND_SEQUENCE } from '../../bitcoin/spend-defaults.js';
import { INTERNAL_KEY_OPTION, NETWORK_OPTION } from './taproot.js';
import { STACK_ITEMS_HELP } from './engine-option.js';

export const SPEND_SPEC = defineCommand({
  name: 'spend',
  usage: 'OUT_DIR (--input "v1,v2,..." | --witness HEX,...) --utxo TXID:VOUT:AMOUNT_SATS --to ADDRESS --fee-rate SAT_PER_VB [options]',
  summary: "a transaction spending the model's taproot output by script path",
  description:
    "Builds a version-2 transaction with one input spending the model's taproot output (bsml taproot) by script path (witness: the items, the leaf script, the control block) " +
    'and one output to --to worth the amount minus the fee (vsize measured on the final transaction). Prints txid, fee and raw hex, and the bsml verify-tx command that checks it. ' +
    '--internal-key and --network must be those the output was made with.',
  options: {
    input: { type: 'string', value: '"v1,v2,..."', help: "a model input row: the witness comes from the compiler's generator (OUT_DIR/program.json)" },
    witness: { type: 'string', value: 'HEX,...', help: `raw witness items instead: ${STACK_ITEMS_HELP}` },
    utxo: { type: 'string', value: 'TXID:VOUT:AMOUNT_SATS', help: 'the output being spent and its amount in satoshis (required)' },
    to: { type: 'string', value: 'ADDRESS', help: 'where the amount minus the fee goes (required; an address of --network)' },
    'fee-rate': { type: 'string', value: 'SAT_PER_VB', help: 'fee rate in sat/vB (required)' },
    'internal-key': INTERNAL_KEY_OPTION,
    network: NETWORK_OPTION,
    sequence: { type: 'string', value: 'N', help: "the input's nSequence", defaultText: `0x${DEFAULT_SPEND_SEQUENCE.toString(16)}` },
    locktime: { type: 'string', value: 'N', help: "the transaction's nLockTime", defaultText: String(DEFAULT_SPEND_LOCKTIME) },
    json: {
      type: 'boolean',
      help: 'print {txid, hex, fee, vsize, weight, sendAmount, address, prevouts, witness, psbt} as JSON (psbt: the finalized PSBT, base64)',
    },
  },
  examples: [
    'bsml spend iris_out --input 5,3.3,1.4,0.2 --utxo 1111111111111111111111111111111111111111111111111111111111111111:0:50000 --to bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5 --fee-rate 2',
  ],
});

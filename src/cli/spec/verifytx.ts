/** `bsml verify-tx`: options and help. */
import { defineCommand } from '../command-spec.js';
import { ENGINE_OPTION, FLAGS_HELP } from './engine-option.js';

export const VERIFY_TX_SPEC = defineCommand({
  name: 'verify-tx',
  usage: 'RAW_TX_HEX --prevouts SCRIPT_HEX:AMOUNT_SATS,... [options]',
  summary: 'check a transaction as Bitcoin Core does',
  description:
    "Checks a raw transaction as Bitcoin Core does. First Core's transaction-level checks (CheckTransaction: inputs and outputs, size, output amounts, duplicate and null outpoints, coinbase scriptSig size; " +
    "CheckTxInputs: the spent amounts add up to at most MAX_MONEY and at least the outputs): a failure prints Core's reject reason, and no script runs. " +
    'Then every input (or one, with --input): VerifyScript with a transaction signature checker over all the spent outputs, printing each verdict. ' +
    'Exit 0 if the transaction is valid, 1 if it is not.',
  options: {
    prevouts: { type: 'string', value: 'SCRIPT_HEX:AMOUNT_SATS,...', help: "the spent outputs' scriptPubKeys and amounts, one per input, in order (required; '' for none, a transaction without inputs)" },
    input: { type: 'string', value: 'N', help: 'check only input N', defaultText: 'every input' },
    flags: { type: 'string', value: 'A,B', help: FLAGS_HELP, defaultText: "Core's standard script flags" },
    engine: ENGINE_OPTION,
    json: { type: 'boolean', help: 'print {txid, valid, reject, engine, flags, inputs} as JSON (reject: {reason, message} or null)' },
  },
  examples: ['bsml verify-tx 02000000000101... --prevouts 51203e19...262d:50000', 'bsml verify-tx 02000000000101... --prevouts 51203e19...262d:50000 --engine native --json'],
});

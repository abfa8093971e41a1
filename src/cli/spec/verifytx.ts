/** `bsml verify-tx`: options and help. */
import { defineCommand } from '../command-spec.js';
import { ENGINE_OPTION, FLAGS_HELP } from './engine-option.js';

export const VERIFY_TX_SPEC = defineCommand({
  name: 'verify-tx',
  usage: 'RAW_TX_HEX --prevouts SCRIPT_HEX:SATS,... [options]',
  summary: 'check a transaction\'s inputs as Bitcoin Core does',
  description:
    "Checks every input of a raw transaction (or one, with --input) as Bitcoin Core does: VerifyScript with a transaction signature checker over all the spent outputs. " +
    'Prints each input\'s verdict. Exit 0 if all are valid, 1 if one is not.',
  options: {
    prevouts: { type: 'string', value: 'SCRIPT_HEX:SATS,...', help: "the spent outputs' scriptPubKeys and amounts, one per input, in order (required)" },
    input: { type: 'string', value: 'N', help: 'check only input N', defaultText: 'every input' },
    flags: { type: 'string', value: 'A,B', help: FLAGS_HELP, defaultText: "Core's standard script flags" },
    engine: ENGINE_OPTION,
    json: { type: 'boolean', help: 'print {txid, valid, engine, flags, inputs} as JSON' },
  },
  examples: ['bsml verify-tx 02000000000101... --prevouts 51203e19...262d:50000', 'bsml verify-tx 02000000000101... --prevouts 51203e19...262d:50000 --engine native --json'],
});

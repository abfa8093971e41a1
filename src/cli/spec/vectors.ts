/** `bsml vectors`: options and help. */
import { defineCommand } from '../command-spec.js';
import { ENGINE_OPTION } from './engine-option.js';

export const VECTORS_SPEC = defineCommand({
  name: 'vectors',
  usage: 'FILE [options]',
  summary: "run a file in Bitcoin Core's script_tests.json format",
  description:
    "Runs every case of a file in Bitcoin Core's script_tests.json format as Core's test driver does (VerifyScript on real crediting and spending transactions, signatures checked), " +
    'compares the verdict and the error name, prints each failure and ends with "N passed, M failed, K skipped". ' +
    'An entry that cannot be read (bad script, flag, witness or amount) fails, reported naming the entry, and the others still run (Core\'s driver stops at a script, witness or amount it cannot read). ' +
    'Exit 1 if any case failed.',
  options: {
    engine: ENGINE_OPTION,
    json: { type: 'boolean', help: 'print {engine, passed, failed, skipped, cases} as JSON, cases holding every case that did not pass' },
    verbose: { type: 'boolean', short: 'v', help: 'list each skipped case with its reason (otherwise skips are counted by reason)' },
  },
  examples: ['bsml vectors test/fixtures/script_tests.public.json --engine native'],
});

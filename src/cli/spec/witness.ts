/** `bsml witness`: options and help. */
import { defineCommand } from '../command-spec.js';

export const WITNESS_SPEC = defineCommand({
  name: 'witness',
  usage: 'OUT_DIR --input "v1,v2,..." [options]',
  summary: 'the witness stack for one input row (hex, bottom first)',
  description:
    'Prints the witness stack of a compiled model (bsml compile) for one float input row: hex items, comma-separated (0x alone when the witness is one empty item), bottom first (the claim, then the hints, then the inputs: ' +
    "the order of program.json's witness), usable as bsml run --stack. An input outside the declared range is an error (exit 2).",
  options: {
    input: { type: 'string', value: '"v1,v2,..."', help: 'the input row, in model order (required)' },
    claim: { type: 'string', value: 'K', help: 'the claimed class (a wrong claim makes the script fail)', defaultText: "the integer reference's answer" },
  },
  examples: ['bsml witness iris_out --input 5,3.3,1.4,0.2'],
});

/** `bsml debug`: options and help. */
import { defineCommand } from '../command-spec.js';
import { FLAGS_HELP, SIGVERSION_VALUE, STACK_ITEMS_HELP } from './engine-option.js';

export const DEBUG_SPEC = defineCommand({
  name: 'debug',
  usage: '(--asm ASM | --hex HEX | OUT_DIR) [options]',
  summary: 'step through a script (interactive, or every step with --trace)',
  description:
    "Steps through a script on the reference interpreter's trace, forwards and back. OUT_DIR is a compiled model (bsml compile): its leaf script runs as tapscript " +
    'under Core\'s standard flags, each step labelled with the layer and neuron it computes. Without --trace it reads commands from stdin (type "help"). ' +
    'Exit 0 if the script succeeds, 1 if it fails.',
  options: {
    asm: { type: 'string', value: 'ASM', help: "the script in Bitcoin Core's test syntax" },
    hex: { type: 'string', value: 'HEX', help: 'the script as hex' },
    stack: { type: 'string', value: 'HEX,...', help: `initial stack items: ${STACK_ITEMS_HELP}`, defaultText: 'empty' },
    witness: { type: 'string', value: 'HEX,...', help: 'the same as --stack (witness items, bottom first); give one of them' },
    input: { type: 'string', value: '"v1,v2,..."', help: "with OUT_DIR: a model input row, turned into the witness by the compiler's generator" },
    sigversion: { type: 'string', value: SIGVERSION_VALUE, help: 'how the script runs', defaultText: 'tapscript with OUT_DIR, else base' },
    flags: { type: 'string', value: 'A,B', help: FLAGS_HELP, defaultText: "Core's standard flags with OUT_DIR, else none" },
    break: { type: 'string', value: 'N,...', help: 'breakpoints at these instruction numbers' },
    trace: { type: 'boolean', help: 'print every step and exit instead of reading commands' },
  },
  examples: ['bsml debug --asm "2 3 ADD 5 EQUAL" --trace', 'bsml debug iris_out --input 5,3.3,1.4,0.2 --break 10'],
});

/** `bsml run`: options and help. */
import { defineCommand } from '../command-spec.js';
import { ENGINE_OPTION, FLAGS_HELP, JSON_OPTION, SIGVERSION_VALUE, STACK_ITEMS_HELP } from './engine-option.js';

export const RUN_SPEC = defineCommand({
  name: 'run',
  usage: '(--asm ASM | --hex HEX) [options]',
  summary: 'evaluate one script on an initial stack',
  description:
    'Evaluates one script on an initial stack and prints the result, the error name (Core\'s ScriptError without SCRIPT_ERR_), the op count and the final stacks. ' +
    'witness_v0 and tapscript run as Core\'s ExecuteWitnessScript (clean stack and truth rules included). ' +
    'Exit 0 if the script succeeds, 1 if it fails, 2 for bad input.',
  options: {
    asm: { type: 'string', value: 'ASM', help: 'the script in Bitcoin Core\'s test syntax ("2 3 ADD 5 NUMEQUAL")' },
    hex: { type: 'string', value: 'HEX', help: 'the script as hex' },
    stack: { type: 'string', value: 'HEX,...', help: `initial stack items: ${STACK_ITEMS_HELP}`, defaultText: 'empty' },
    sigversion: { type: 'string', value: SIGVERSION_VALUE, default: 'base', help: 'how the script runs' },
    flags: { type: 'string', value: 'A,B', help: FLAGS_HELP, defaultText: 'none' },
    trace: { type: 'boolean', help: 'print every step (position, opcode, stacks)' },
    json: { ...JSON_OPTION, help: 'print {success, error, stack, altstack, opCount} (plus trace with --trace) as JSON' },
    engine: ENGINE_OPTION,
  },
  examples: ['bsml run --asm "2 3 ADD 5 NUMEQUAL" --trace', 'bsml run --hex 93 --stack 02,03 --sigversion tapscript --json'],
});

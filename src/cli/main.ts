/** `bsml <command>`: dispatches to one file per command. */
import { importCommand } from './import.js';
import { runCommand } from './run.js';
import { UsageError } from './usage.js';
import { vectorsCommand } from './vectors.js';

type Command = (argv: string[]) => Promise<number> | number;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  import: { run: importCommand, help: 'import MODEL.onnx [-o MODEL.json] (--input-range LO,HI | --calibrate DATA.csv [--per-feature])   ONNX MLP -> bsml model JSON' },
  vectors: { run: vectorsCommand, help: 'vectors FILE [--engine auto|ts|native] [--json]   run a Bitcoin Core script_tests.json file' },
  run: {
    run: runCommand,
    help: 'run (--asm ASM | --hex HEX) [--stack HEX,...] [--sigversion base|witness_v0|tapscript] [--flags A,B] [--trace] [--json] [--engine E]',
  },
};

function usage(): string {
  return ['usage: bsml <command> [options]', '', ...Object.values(COMMANDS).map((c) => `  bsml ${c.help}`)].join('\n');
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage() + '\n');
    return name ? 0 : 2;
  }
  const cmd = COMMANDS[name];
  try {
    if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(name)}; run 'bsml --help'`);
    return await cmd.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`bsml ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}

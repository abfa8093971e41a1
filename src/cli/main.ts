/** `bsml <command>`: dispatches to one file per command. */
import { demoCommand } from './demo.js';
import { importCommand } from './import.js';
import { benchCommand } from './bench.js';
import { fuzzCommand } from './fuzz.js';
import { runCommand } from './run.js';
import { UsageError } from './usage.js';
import { vectorsCommand } from './vectors.js';
import { taprootCommand } from './taproot.js';
import { spendCommand } from './spend.js';
import { verifyTxCommand } from './verifytx.js';
import { debugCommand } from './debug.js';
import { compileCommand } from './compile.js';
import { evalCommand } from './eval.js';
import { witnessCommand } from './witness.js';

type Command = (argv: string[]) => Promise<number> | number;

const COMMANDS: Record<string, { run: Command; help: string }> = {
  bench: { run: benchCommand, help: 'bench [--json] [--lanes N] [--threads 1,2] [--isa avx2,scalar] [--seconds S] [--no-peer] [--out DIR]   engine benchmark (TS, native, batch per ISA, libauth peer)' },
  taproot: { run: taprootCommand, help: 'taproot OUT_DIR [--internal-key XONLYHEX] [--network mainnet|testnet|signet|regtest] [--json]' },
  spend: { run: spendCommand, help: 'spend OUT_DIR (--input "v1,v2,..." | --witness HEX,...) --utxo TXID:VOUT:SATS --to ADDRESS --fee-rate SAT_PER_VB [--json]' },
  debug: {
    run: debugCommand,
    help: 'debug (--asm ASM | --hex HEX | OUT_DIR) [--stack HEX,... | --witness HEX,... | --input "v1,..."] [--sigversion V] [--flags A,B] [--break N,...] [--trace]',
  },
  'verify-tx': { run: verifyTxCommand, help: 'verify-tx RAW_TX_HEX --prevouts SCRIPT_HEX:SATS,... [--input N] [--flags A,B] [--json]' },
  demo: { run: demoCommand, help: 'demo [--out DIR] [--engine all|ts|native|batch] [--rows N] [--no-report] [--json]   the embedded digits model end to end, with a report' },
  import: { run: importCommand, help: 'import MODEL.onnx [-o MODEL.json] (--input-range LO,HI | --calibrate DATA.csv [--per-feature])   ONNX MLP -> bsml model JSON' },
  compile: { run: compileCommand, help: 'compile (MODEL.json | MODEL.onnx [--input-range LO,HI]) [--target btc-tapscript] [--weights int8|int4|ternary|pow2] [--frac-bits N|auto] [--rescale hint|pure] [--output assert-output|assert-class:K|leave] [--calibrate DATA.csv] [--compare] [--json] -o OUT_DIR' },
  witness: { run: witnessCommand, help: 'witness OUT_DIR --input "v1,v2,..."   print the witness stack (hex, bottom first)' },
  eval: { run: evalCommand, help: 'eval OUT_DIR --data FILE.csv [--engine auto|ts|native] [--json]' },
  fuzz: { run: fuzzCommand, help: 'fuzz --engines ts,native [--seconds N | --runs N] [--seed S [--path P]] [--kinds K,K] [--max-counterexamples N] [--json]' },
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
      // One line, whatever produced the message (node's parseArgs writes several).
      process.stderr.write(`bsml ${name}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw e;
  }
}

/** `bsml <command>`: dispatches to one file per command. */
import { withEngineNotice } from './notice.js';
import { UsageError } from './usage.js';

type Command = (argv: string[]) => Promise<number> | number;

/** Each command's module is imported only when that command runs (start-up stays cheap). */
const COMMANDS: Record<string, { load: () => Promise<Command>; help: string }> = {
  bench: { load: () => import('./bench.js').then((m) => m.benchCommand), help: 'bench [--json] [--lanes N] [--threads 1,2] [--isa avx2,scalar] [--seconds S] [--no-peer] [--out DIR]   engine benchmark (TS, native, batch per ISA, libauth peer)' },
  taproot: { load: () => import('./taproot.js').then((m) => m.taprootCommand), help: 'taproot OUT_DIR [--internal-key XONLYHEX] [--network mainnet|testnet|signet|regtest] [--json]' },
  spend: { load: () => import('./spend.js').then((m) => m.spendCommand), help: 'spend OUT_DIR (--input "v1,v2,..." | --witness HEX,...) --utxo TXID:VOUT:SATS --to ADDRESS --fee-rate SAT_PER_VB [--json]' },
  debug: {
    load: () => import('./debug.js').then((m) => m.debugCommand),
    help: 'debug (--asm ASM | --hex HEX | OUT_DIR) [--stack HEX,... | --witness HEX,... | --input "v1,..."] [--sigversion V] [--flags A,B] [--break N,...] [--trace]',
  },
  'verify-tx': { load: () => import('./verifytx.js').then((m) => m.verifyTxCommand), help: 'verify-tx RAW_TX_HEX --prevouts SCRIPT_HEX:SATS,... [--input N] [--flags A,B] [--json]' },
  demo: { load: () => import('./demo.js').then((m) => m.demoCommand), help: 'demo [--out DIR] [--engine all|ts|native|batch] [--rows N] [--no-report] [--json]   the embedded digits model end to end, with a report' },
  import: { load: () => import('./import.js').then((m) => m.importCommand), help: 'import MODEL.onnx [-o MODEL.json] (--input-range LO,HI | --calibrate DATA.csv [--per-feature])   ONNX MLP -> bsml model JSON' },
  compile: { load: () => import('./compile.js').then((m) => m.compileCommand), help: 'compile (MODEL.json | MODEL.onnx [--input-range LO,HI]) [--target btc-tapscript] [--weights int8|int4|ternary|pow2] [--frac-bits N|auto] [--rescale hint|pure] [--output assert-output|assert-class:K|leave] [--calibrate DATA.csv] [--compare] [--json] -o OUT_DIR' },
  report: {
    load: () => import('./report.js').then((m) => m.reportCommand),
    help: 'report OUT_DIR [--model MODEL.json|MODEL.onnx --data FILE.csv [--input-range LO,HI | --calibrate DATA.csv]] [--weights A,B] [--frac-bits auto,N] [--rescale hint,pure] [--rows N] [--engine all|ts|native|batch] [--json]   report.html + report.md',
  },
  sweep: {
    load: () => import('./sweep.js').then((m) => m.sweepCommand),
    help: 'sweep (MODEL.json | MODEL.onnx (--input-range LO,HI | --calibrate DATA.csv)) --data FILE.csv [--weights A,B] [--frac-bits auto,N] [--rescale hint,pure] [--rows N] [--engine auto|batch|ts] [--json]   accuracy / size of every setting',
  },
  witness: { load: () => import('./witness.js').then((m) => m.witnessCommand), help: 'witness OUT_DIR --input "v1,v2,..."   print the witness stack (hex, bottom first)' },
  eval: { load: () => import('./eval.js').then((m) => m.evalCommand), help: 'eval OUT_DIR --data FILE.csv [--engine auto|ts|native] [--json]' },
  fuzz: { load: () => import('./fuzz.js').then((m) => m.fuzzCommand), help: 'fuzz --engines ts,native [--seconds N | --runs N] [--seed S [--path P]] [--kinds K,K] [--max-counterexamples N] [--json]' },
  vectors: { load: () => import('./vectors.js').then((m) => m.vectorsCommand), help: 'vectors FILE [--engine auto|ts|native] [--json]   run a Bitcoin Core script_tests.json file' },
  run: {
    load: () => import('./run.js').then((m) => m.runCommand),
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
    const run = await cmd.load();
    return await withEngineNotice(() => run(rest));
  } catch (e) {
    if (e instanceof UsageError) {
      // One line, whatever produced the message (node's parseArgs writes several).
      process.stderr.write(`bsml ${name}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw e;
  }
}

/** `bsml <command>`: dispatches to one file per command; `--help` comes from each command's spec. */
import { commandHelp, HelpRequested, overviewHelp, wantsHelp, type CommandSpec } from './command-spec.js';
import { withEngineNotice } from './notice.js';
import { BENCH_SPEC } from './spec/bench.js';
import { COMPILE_SPEC } from './spec/compile.js';
import { DEBUG_SPEC } from './spec/debug.js';
import { DEMO_SPEC } from './spec/demo.js';
import { EVAL_SPEC } from './spec/eval.js';
import { FUZZ_SPEC } from './spec/fuzz.js';
import { IMPORT_SPEC } from './spec/import.js';
import { REPORT_SPEC } from './spec/report.js';
import { RUN_SPEC } from './spec/run.js';
import { SPEND_SPEC } from './spec/spend.js';
import { SWEEP_SPEC } from './spec/sweep.js';
import { TAPROOT_SPEC } from './spec/taproot.js';
import { VECTORS_SPEC } from './spec/vectors.js';
import { VERIFY_TX_SPEC } from './spec/verifytx.js';
import { WITNESS_SPEC } from './spec/witness.js';
import { UsageError } from './usage.js';

type Command = (argv: string[]) => Promise<number> | number;

/** A registered command: its spec (options and help, cheap to import) and its module, imported only when it runs. */
export interface RegisteredCommand {
  readonly spec: CommandSpec;
  readonly load: () => Promise<Command>;
}

/** Every command, in the order `bsml --help` lists them (keyed by `spec.name`). */
export const COMMANDS: ReadonlyMap<string, RegisteredCommand> = new Map(
  (
    [
      { spec: DEMO_SPEC, load: () => import('./demo.js').then((m) => m.demoCommand) },
      { spec: REPORT_SPEC, load: () => import('./report.js').then((m) => m.reportCommand) },
      { spec: SWEEP_SPEC, load: () => import('./sweep.js').then((m) => m.sweepCommand) },
      { spec: IMPORT_SPEC, load: () => import('./import.js').then((m) => m.importCommand) },
      { spec: COMPILE_SPEC, load: () => import('./compile.js').then((m) => m.compileCommand) },
      { spec: WITNESS_SPEC, load: () => import('./witness.js').then((m) => m.witnessCommand) },
      { spec: EVAL_SPEC, load: () => import('./eval.js').then((m) => m.evalCommand) },
      { spec: TAPROOT_SPEC, load: () => import('./taproot.js').then((m) => m.taprootCommand) },
      { spec: SPEND_SPEC, load: () => import('./spend.js').then((m) => m.spendCommand) },
      { spec: VERIFY_TX_SPEC, load: () => import('./verifytx.js').then((m) => m.verifyTxCommand) },
      { spec: RUN_SPEC, load: () => import('./run.js').then((m) => m.runCommand) },
      { spec: VECTORS_SPEC, load: () => import('./vectors.js').then((m) => m.vectorsCommand) },
      { spec: DEBUG_SPEC, load: () => import('./debug.js').then((m) => m.debugCommand) },
      { spec: FUZZ_SPEC, load: () => import('./fuzz.js').then((m) => m.fuzzCommand) },
      { spec: BENCH_SPEC, load: () => import('./bench.js').then((m) => m.benchCommand) },
    ] satisfies RegisteredCommand[]
  ).map((c) => [c.spec.name, c]),
);

/** The text of `bsml --help`. */
export function usage(): string {
  return overviewHelp([...COMMANDS.values()].map((c) => c.spec));
}

/** The exit status when the reader of stdout has gone away: 128 + SIGPIPE, as for a program SIGPIPE ended. */
export const EXIT_READER_GONE = 141;

/**
 * Makes a closed pipe on stdout (`bsml ... | head`, `| true`) the quiet end of the run: no more
 * work, no stack trace, exit {@link EXIT_READER_GONE}. A closed stderr only loses the messages
 * (the exit code stays the command's). Node ignores SIGPIPE, so without this a failed write
 * surfaces as an unhandled EPIPE 'error' event. Other stream errors are thrown as before. Called
 * once by the `bsml` entry script (not by {@link main}, which tests run in-process).
 */
export function endWhenReaderGoes(stdout: NodeJS.WriteStream = process.stdout, stderr: NodeJS.WriteStream = process.stderr): void {
  stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(EXIT_READER_GONE);
    throw e;
  });
  stderr.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
  });
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === '--help' || name === '-h') {
      process.stdout.write(usage());
      return name ? 0 : 2;
    }
    if (name === 'help') {
      if (rest.length === 0) {
        process.stdout.write(usage());
        return 0;
      }
      const cmd = COMMANDS.get(rest[0]!);
      if (!cmd || rest.length > 1) throw new UsageError(rest.length > 1 ? 'give one command name' : `unknown command ${JSON.stringify(rest[0])}; run 'bsml --help'`);
      process.stdout.write(commandHelp(cmd.spec));
      return 0;
    }
    const cmd = COMMANDS.get(name);
    if (!cmd) throw new UsageError(`unknown command ${JSON.stringify(name)}; run 'bsml --help'`);
    // Help wins over everything else on the line, and needs no command module.
    if (wantsHelp(cmd.spec, rest)) {
      process.stdout.write(commandHelp(cmd.spec));
      return 0;
    }
    const run = await cmd.load();
    return await withEngineNotice(() => run(rest));
  } catch (e) {
    if (e instanceof HelpRequested) {
      process.stdout.write(e.text);
      return 0;
    }
    if (e instanceof UsageError) {
      // One line, whatever produced the message (node's parseArgs writes several).
      process.stderr.write(`bsml ${name}: ${e.message.replace(/\s*\n\s*/g, ' ')}\n`);
      return 2;
    }
    throw e;
  }
}

/** `bsml debug`: the step debugger (interactive, or every step with --trace). */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readLeafScript } from '../bitcoin/outdir.js';
import { parseInputRow, programSourceMap, programWitness } from '../bitcoin/program.js';
import { sourceRangesFromBytes } from '../debug/sourcemap.js';
import { STANDARD_FLAGS } from '../bitcoin/policy.js';
import { formatTrace } from '../debug/format.js';
import { runRepl } from '../debug/repl.js';
import { DebugSession, decodeOps } from '../debug/session.js';
import { parseCoreAsm } from '../script/asm.js';
import { fromHex } from '../script/bytes.js';
import { parseStackList } from '../script/stack-list.js';
import { parseFlags } from '../vm/flags.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { DEBUG_SPEC } from './spec/debug.js';

const SIGVERSIONS = ['base', 'witness_v0', 'tapscript'] as const;

export async function debugCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(DEBUG_SPEC, argv);
  const sources = [values.asm !== undefined, values.hex !== undefined, positionals.length > 0].filter(Boolean).length;
  if (sources !== 1 || positionals.length > 1) throw new UsageError('give exactly one of --asm ASM, --hex HEX or OUT_DIR');
  const outDir = positionals[0];
  if (values.input !== undefined && outDir === undefined) throw new UsageError('--input needs an OUT_DIR (a compiled program)');
  if (values.input !== undefined && (values.witness !== undefined || values.stack !== undefined)) {
    throw new UsageError('give --input or --witness/--stack, not both');
  }
  if (values.witness !== undefined && values.stack !== undefined) throw new UsageError('give --stack or --witness, not both');
  const script = outDir !== undefined
    ? asUsage(() => readLeafScript(outDir))
    : values.asm !== undefined
      ? asUsage(() => parseCoreAsm(values.asm!))
      : asUsage(() => fromHex(values.hex!.trim()));
  const sigVersion = values.sigversion ?? (outDir !== undefined ? 'tapscript' : 'base');
  if (!(SIGVERSIONS as readonly string[]).includes(sigVersion)) {
    throw new UsageError(`unknown sigversion ${JSON.stringify(sigVersion)} (expected base, witness_v0 or tapscript)`);
  }
  const flags = values.flags !== undefined ? asUsage(() => parseFlags(values.flags!)) : outDir !== undefined ? STANDARD_FLAGS : 0;
  const stack =
    values.input !== undefined
      ? asUsage(() => programWitness(outDir!, parseInputRow(values.input!)))
      : values.witness !== undefined
        ? asUsage(() => parseStackList(values.witness, '--witness'))
        : asUsage(() => parseStackList(values.stack, '--stack'));
  const sourceMap = outDir !== undefined && existsSync(join(outDir, 'program.json')) ? asUsage(() => sourceRangesFromBytes(programSourceMap(outDir), decodeOps(script))) : [];
  const session = new DebugSession(script, stack, { sigVersion: sigVersion as (typeof SIGVERSIONS)[number], flags }, sourceMap);
  for (const b of (values.break ?? '').split(',').filter((x) => x.trim() !== '')) {
    const n = Number(b);
    if (!Number.isInteger(n) || n < 0 || n >= session.ops.length) throw new UsageError(`--break ${b}: no such instruction (0..${session.ops.length - 1})`);
    session.breakpoints.add(n);
  }
  if (values.trace) {
    process.stdout.write(formatTrace(session) + '\n');
  } else {
    await runRepl(session, process.stdin, process.stdout);
  }
  return session.result.success ? 0 : 1;
}

/** `bsml run`: evaluates one script on an initial stack. */
import { evaluate, parseEngineName, selectEngine } from '../engine/index.js';
import { parseCoreAsm } from '../script/asm.js';
import { fromHex, toHex } from '../script/bytes.js';
import { coreOpName } from '../script/opcodes.js';
import { parseStackList } from '../script/stack-list.js';
import { parseFlags } from '../vm/flags.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { RUN_SPEC } from './spec/run.js';

const SIGVERSIONS = ['base', 'witness_v0', 'tapscript'] as const;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(RUN_SPEC, argv);
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  if ((values.asm === undefined) === (values.hex === undefined)) throw new UsageError('give exactly one of --asm or --hex');
  const script = values.asm !== undefined ? asUsage(() => parseCoreAsm(values.asm!)) : asUsage(() => fromHex(values.hex!.trim()));
  const stack = asUsage(() => parseStackList(values.stack, '--stack'));
  const sigVersion = values.sigversion;
  if (!(SIGVERSIONS as readonly string[]).includes(sigVersion)) {
    throw new UsageError(`unknown sigversion ${JSON.stringify(sigVersion)} (expected base, witness_v0 or tapscript)`);
  }
  const flags = asUsage(() => parseFlags(values.flags ?? ''));
  const engine = asUsage(() => selectEngine(values.engine === undefined ? undefined : parseEngineName(values.engine!))).name;
  const r = evaluate(script, stack, { sigVersion: sigVersion as (typeof SIGVERSIONS)[number], flags, trace: values.trace, engine });
  const hex = (s: Uint8Array[]) => s.map(toHex);
  // The text output writes an empty item as `0x` (as --stack reads it): blank, it would vanish, and
  // a stack of one empty item would print as the empty stack.
  const items = (s: Uint8Array[]) => `[${s.map((x) => (x.length ? toHex(x) : '0x')).join(' ')}]`;
  if (values.json) {
    const out: Record<string, unknown> = { success: r.success, error: r.error, stack: hex(r.stack), altstack: hex(r.altstack), opCount: r.opCount };
    if (r.trace) out.trace = r.trace.map((t) => ({ pos: t.pos, opcode: coreOpName(t.opcode), executed: t.executed, stack: hex(t.stack), altstack: hex(t.altstack) }));
    process.stdout.write(JSON.stringify(out) + '\n');
  } else {
    if (r.trace) {
      for (const t of r.trace) {
        const alt = t.altstack.length ? `  alt: ${items(t.altstack)}` : '';
        process.stdout.write(`${String(t.pos).padStart(5)}  ${(t.executed ? '' : '(skip) ') + coreOpName(t.opcode)}`.padEnd(36) + `${items(t.stack)}${alt}\n`);
      }
    }
    process.stdout.write(`${r.success ? 'success' : 'failure'}: ${r.error}  opCount ${r.opCount}\n`);
    process.stdout.write(`stack: ${items(r.stack)}${r.altstack.length ? `  altstack: ${items(r.altstack)}` : ''}\n`);
  }
  return r.success ? 0 : 1;
}

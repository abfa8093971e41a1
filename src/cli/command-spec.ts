/**
 * A command's options and help text in one place: the parser (`parseCommand`) and the help
 * (`commandHelp`, `bsml <command> --help`) both read the same {@link CommandSpec}, so an option
 * cannot be accepted without being listed, nor listed without being accepted.
 */
import { parseArgs } from 'node:util';
import { UsageError } from './usage.js';

/** One option: what node:util parseArgs needs, plus its help. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  /** One-letter alias (`-o`). `-h` is reserved for help. */
  readonly short?: string;
  /** Filled in by the parser when the option is absent (and printed as the default). */
  readonly default?: string;
  /** What the value looks like in the help (`N`, `HEX,...`); string options only. */
  readonly value?: string;
  /** One sentence on what the option does. */
  readonly help: string;
  /** The default in words, when it is not a fixed value the parser fills in. */
  readonly defaultText?: string;
}

/** A command's options by long name. */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** Everything `bsml <command> --help` prints, and the options the command's parser accepts. */
export interface CommandSpec<O extends OptionSpecs = OptionSpecs> {
  /** The command's name (`bsml <name>`). */
  readonly name: string;
  /** What follows `bsml <name>` in the usage line: arguments and required options (`OUT_DIR --data FILE.csv [options]`). */
  readonly usage: string;
  /** One line for the command list of `bsml --help`. */
  readonly summary: string;
  /** A few sentences after the usage line: what it does, what it prints, its exit codes. */
  readonly description: string;
  readonly options: O;
  /** Whole command lines (`bsml <name> ...`), each parsed by the tests with this spec. */
  readonly examples: readonly string[];
}

/** Declares a command's spec (keeps the option names and types literal for the parser's result type). */
export function defineCommand<const O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> {
  for (const [name, o] of Object.entries(spec.options)) {
    if (name === 'help' || o.short === 'h') throw new Error(`${spec.name}: --help / -h are reserved for the help`);
  }
  return spec;
}

/**
 * Thrown by {@link parseCommand} when the arguments ask for help: `text` goes to stdout, exit 0.
 * Not an Error: it is no failure, only the way out of a command that was asked for its help.
 */
export class HelpRequested {
  constructor(readonly text: string) {}
}

/** The parseArgs view of a spec: type, short and default only. */
function parserOptions(options: OptionSpecs) {
  const out: Record<string, { type: 'string' | 'boolean'; short?: string; default?: string }> = {};
  for (const [name, o] of Object.entries(options)) {
    out[name] = { type: o.type, ...(o.short !== undefined ? { short: o.short } : {}), ...(o.default !== undefined ? { default: o.default } : {}) };
  }
  return out;
}

/**
 * A value that starts with `-` and is still a value: a negative number, or a list or ASM that starts
 * with one (`-1`, `-.5`, `-1,8`, `-1 1 2 WITHIN`). No bsml option is a digit, so none looks like this.
 */
const NEGATIVE_VALUE = /^-(\d|\.\d)/;

/** What parseArgs reads as an option, not a value (`-` alone is a value: stdout). */
function optionLike(arg: string): boolean {
  return arg.length > 1 && arg.startsWith('-');
}

/** `argv` made ready for parseArgs, and the first option that takes a value but was given none. */
interface PreparedArgs {
  readonly args: string[];
  readonly missing?: { readonly option: string; readonly next: string };
}

/**
 * Makes `--seed -5` mean `--seed=-5`: a string option followed by a {@link NEGATIVE_VALUE} takes it
 * as its value (parseArgs alone refuses any value starting with `-` unless written `--seed=-5`).
 * A string option followed by anything else that looks like an option (`--json`, `-o`, `-h`) has no
 * value: it is dropped from the arguments and reported in `missing`, so that a genuine option is
 * never swallowed as a value (and `--asm --help` asks for help). Everything from `--` on is kept
 * as it is.
 */
function prepareArgs(options: OptionSpecs, argv: readonly string[]): PreparedArgs {
  const longOf = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.short !== undefined) longOf.set(o.short, name);
  const isString = (name: string | undefined): name is string => name !== undefined && Object.hasOwn(options, name) && options[name]!.type === 'string';
  const args: string[] = [];
  let missing: PreparedArgs['missing'];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      args.push(...argv.slice(i));
      break;
    }
    // The string option written without its value (`--seed`, `-o`, the last of `-vo`), if any.
    let name: string | undefined;
    let written = arg;
    if (arg.startsWith('--')) {
      if (!arg.includes('=')) name = arg.slice(2);
    } else if (arg.length === 2 && arg[0] === '-') {
      name = longOf.get(arg[1]!);
    } else if (arg.length > 2 && arg[0] === '-' && !isString(longOf.get(arg[1]!))) {
      // A group of short options (`-vo`; `-oDIR` is a value): only its last letter can take the next argument.
      const last = arg.slice(-1);
      if (isString(longOf.get(last)) && ![...arg.slice(1, -1)].some((c) => isString(longOf.get(c)))) {
        args.push(arg.slice(0, -1));
        name = longOf.get(last);
        written = `-${last}`;
      }
    }
    if (!isString(name)) {
      args.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && NEGATIVE_VALUE.test(next)) {
      args.push(`--${name}=${next}`);
      i++;
    } else if (next !== undefined && optionLike(next)) {
      missing ??= { option: written, next };
    } else args.push(written);
  }
  return missing ? { args, missing } : { args };
}

/**
 * True when `argv` holds `--help` or `-h` as an option (not as an option's value, nor after `--`),
 * whatever else it holds: unknown or malformed options, or an option missing its value
 * (`--asm --help`), do not hide a request for help.
 */
export function wantsHelp(spec: CommandSpec, argv: readonly string[]): boolean {
  const options = { ...parserOptions(spec.options), help: { type: 'boolean' as const, short: 'h' } };
  const { tokens } = parseArgs({
    args: prepareArgs(spec.options, argv).args,
    options,
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}

type Parsed<O extends OptionSpecs> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

/**
 * Parses a command's arguments with its spec: throws {@link HelpRequested} when they ask for help,
 * a {@link UsageError} (one line, exit 2) for an unknown option or a missing value. An option's
 * value may be a negative number, or start with one, as the next argument (`--seed -5`,
 * `--input-range -1,8`); any other value starting with `-` is written `--opt=VALUE`.
 */
export function parseCommand<O extends OptionSpecs>(spec: CommandSpec<O>, argv: string[]): Parsed<O> {
  if (wantsHelp(spec, argv)) throw new HelpRequested(commandHelp(spec));
  const { args, missing } = prepareArgs(spec.options, argv);
  if (missing) {
    const long = missing.option.startsWith('--') ? missing.option : `--${Object.entries(spec.options).find(([, o]) => `-${o.short}` === missing.option)![0]}`;
    throw new UsageError(`option '${missing.option}' needs a value, but '${missing.next}' follows it (a value that starts with '-' is written ${long}=VALUE)`);
  }
  try {
    return parseArgs({ args, options: parserOptions(spec.options), allowPositionals: true, strict: true }) as unknown as Parsed<O>;
  } catch (e) {
    // Node's message for an unknown option goes on to explain `--`; its first sentence is the error.
    const message = (e as Error).message.replace(/^(Unknown option '[^']*')\. To specify a positional argument.*$/s, '$1');
    throw new UsageError(`${message}; run 'bsml ${spec.name} --help' for its options`);
  }
}

const WIDTH = 100;

/** The help's line on how a value is written (what {@link prepareArgs} accepts), under the options of a command that has a string option. */
export const VALUE_FORMS_HELP = "Values: --opt VALUE or --opt=VALUE; one that starts with '-' (not a negative number) needs the =.";

/** Words of `text` in lines of at most `width - indent` characters, each line indented. */
function wrap(text: string, indent: number, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const room = WIDTH - (lines.length ? indent : firstIndent);
    if (line && line.length + 1 + word.length > room) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l, i) => ' '.repeat(i ? indent : firstIndent) + l);
}

/** How an option is written in the help: `-o, --out DIR`, `--json`. */
export function optionLabel(name: string, o: OptionSpec): string {
  const long = `--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
  return o.short ? `-${o.short}, ${long}` : `    ${long}`;
}

/** The text of `bsml <name> --help`: usage, description, every option with its default, how values are written, examples. */
export function commandHelp(spec: CommandSpec): string {
  const rows: [string, string][] = Object.entries(spec.options).map(([name, o]) => {
    const def = o.default !== undefined ? o.default : o.defaultText;
    return [optionLabel(name, o), def === undefined ? o.help : `${o.help} (default: ${def})`];
  });
  rows.push(['-h, --help', 'print this help and exit']);
  const col = Math.min(30, Math.max(...rows.map(([l]) => l.length)) + 2);
  const lines = [`usage: bsml ${spec.name} ${spec.usage}`, '', ...wrap(spec.description, 0), '', 'options:'];
  for (const [label, text] of rows) {
    const head = `  ${label}`;
    if (head.length + 1 > col + 2) lines.push(head, ...wrap(text, col + 2));
    else {
      const body = wrap(text, col + 2);
      lines.push(head.padEnd(col + 2) + body[0]!.trimStart(), ...body.slice(1));
    }
  }
  if (Object.values(spec.options).some((o) => o.type === 'string')) lines.push('', ...wrap(VALUE_FORMS_HELP, 0));
  lines.push('', spec.examples.length > 1 ? 'examples:' : 'example:', ...spec.examples.map((e) => `  ${e}`));
  return lines.join('\n') + '\n';
}

/** The text of `bsml --help`: every command's usage line and summary, in the order given. */
export function overviewHelp(specs: readonly CommandSpec[]): string {
  const lines = ['usage: bsml <command> [options]', '', 'commands:'];
  for (const s of specs) lines.push(`  bsml ${s.name} ${s.usage}`, ...wrap(s.summary, 6));
  lines.push(
    '',
    ...wrap("Run 'bsml <command> --help' (or 'bsml help <command>') for a command's options, their defaults and an example.", 0),
    'Exit codes: 0 done, 1 a check failed, 2 bad usage or input (one line on stderr).',
  );
  return lines.join('\n') + '\n';
}

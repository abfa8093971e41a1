/**
 * `bsml <command> --help`, `bsml help <command>` and `bsml --help`: every registered command's help
 * lists every option its parser accepts (with defaults), its usage line and examples use only those
 * options, help wins over any other argument, and unknown options stay one-line usage errors.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandHelp, defineCommand, HelpRequested, optionLabel, parseCommand, wantsHelp, type CommandSpec } from '../../src/cli/command-spec.js';
import { COMMANDS, usage } from '../../src/cli/main.js';
import { runCli, spawnCli } from '../helpers/cli.js';

const commands = [...COMMANDS.values()];
const specs = commands.map((c) => c.spec);

/** `--name` / `-x` as a whole word of `text` (so `--input` does not match inside `--input-range`). */
function mentions(text: string, flag: string): boolean {
  const escaped = flag.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s,\\[(|])${escaped}(?![\\w-])`, 'm').test(text);
}

/** Every `--name` and `-x` token in `text`. */
function flagsIn(text: string): string[] {
  return [...text.matchAll(/(?<![\w-])--?[a-zA-Z][\w-]*/g)].map((m) => m[0]);
}

/** The long and short spellings a spec accepts. */
function accepted(spec: CommandSpec): Set<string> {
  const out = new Set(['--help', '-h']);
  for (const [name, o] of Object.entries(spec.options)) {
    out.add(`--${name}`);
    if (o.short) out.add(`-${o.short}`);
  }
  return out;
}

/** Splits a command line on spaces, keeping double-quoted words together (without the quotes). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
}

describe('bsml <command> --help', () => {
  it('the registry holds every command module in src/cli (and nothing else)', () => {
    // A command file is one that parses with a spec; each must be registered under its spec's name.
    const dir = new URL('../../src/cli/', import.meta.url).pathname;
    const parsing = readdirSync(dir).filter((f) => f.endsWith('.ts') && /parseCommand\(/.test(readFileSync(join(dir, f), 'utf8')) && f !== 'command-spec.ts');
    expect(parsing.length).toBe(commands.length);
    expect(commands.length).toBeGreaterThanOrEqual(15);
  });

  it('no CLI file parses arguments except through a spec (so no option can bypass the help)', () => {
    const dir = new URL('../../src/cli/', import.meta.url).pathname;
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    const offenders = files.filter((f) => f !== 'command-spec.ts' && /\bparseArgs\s*\(|\bnode:util\b/.test(readFileSync(join(dir, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  for (const { spec, load } of commands) {
    describe(spec.name, () => {
      it('--help, -h and `bsml help <command>` print the help to stdout and exit 0', async () => {
        for (const args of [[spec.name, '--help'], [spec.name, '-h'], ['help', spec.name]]) {
          const r = await runCli(args);
          expect(r, args.join(' ')).toEqual({ code: 0, stdout: commandHelp(spec), stderr: '' });
        }
      });

      it('the help names every option the parser accepts, with its value, short form and default', async () => {
        const { stdout } = await runCli([spec.name, '--help']);
        expect(stdout.startsWith(`usage: bsml ${spec.name} ${spec.usage}\n`)).toBe(true);
        for (const [name, o] of Object.entries(spec.options)) {
          expect(mentions(stdout, `--${name}`), `--${name}`).toBe(true);
          expect(stdout, `--${name}`).toContain(optionLabel(name, o).trim());
          if (o.short) expect(mentions(stdout, `-${o.short}`), `-${o.short}`).toBe(true);
          if (o.type === 'string') expect(o.value, `--${name} has a value placeholder`).toBeTruthy();
          const def = o.default ?? o.defaultText;
          if (def !== undefined) expect(stdout.replace(/\s+/g, ' '), `--${name} default`).toContain(`(default: ${def})`);
        }
        expect(mentions(stdout, '--help') && mentions(stdout, '-h')).toBe(true);
        expect(stdout).toMatch(/\nexamples?:\n {2}bsml /);
      });

      it("the command's own parser uses this spec: called directly with --help it asks for this help", async () => {
        const run = await load();
        const e = await Promise.resolve()
          .then(() => run(['--help']))
          .then(
            () => undefined,
            (x: unknown) => x,
          );
        expect(e).toBeInstanceOf(HelpRequested);
        expect((e as HelpRequested).text).toBe(commandHelp(spec));
      });

      it('help wins over unknown options, bad values and stray arguments', async () => {
        const bool = Object.entries(spec.options).find(([, o]) => o.type === 'boolean');
        const args = [spec.name, 'stray', '--no-such-option', ...(bool ? [`--${bool[0]}=bad`] : []), '-h', 'more'];
        const r = await runCli(args);
        expect(r, args.join(' ')).toEqual({ code: 0, stdout: commandHelp(spec), stderr: '' });
      });

      it('an unknown option is still a one-line usage error (exit 2) pointing at the help', async () => {
        const r = await runCli([spec.name, '--no-such-option']);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr).toBe(`bsml ${spec.name}: Unknown option '--no-such-option'; run 'bsml ${spec.name} --help' for its options\n`);
      });

      it('the usage line and the examples use only options the command accepts', () => {
        const ok = accepted(spec);
        for (const f of flagsIn(spec.usage)) expect(ok.has(f), `usage mentions ${f}`).toBe(true);
        expect(spec.examples.length).toBeGreaterThan(0);
        for (const example of spec.examples) {
          const [bin, name, ...rest] = words(example);
          expect([bin, name], example).toEqual(['bsml', spec.name]);
          expect(() => parseCommand(spec, rest), example).not.toThrow();
          expect(wantsHelp(spec, rest)).toBe(false);
        }
      });
    });
  }
});

describe('bsml --help', () => {
  it('lists every command with its usage line and summary, from the same specs', async () => {
    const r = await runCli(['--help']);
    expect(r).toEqual({ code: 0, stdout: usage(), stderr: '' });
    for (const s of specs) {
      expect(r.stdout, s.name).toContain(`\n  bsml ${s.name} ${s.usage}\n`);
      expect(r.stdout.replace(/\s+/g, ' '), s.name).toContain(s.summary);
    }
    expect(r.stdout).toContain("'bsml <command> --help'");
  });

  it('`bsml help` and `-h` print it too (exit 0); `bsml` alone prints it and exits 2', async () => {
    expect(await runCli(['help'])).toEqual({ code: 0, stdout: usage(), stderr: '' });
    expect(await runCli(['-h'])).toEqual({ code: 0, stdout: usage(), stderr: '' });
    expect(await runCli([])).toEqual({ code: 2, stdout: usage(), stderr: '' });
  });

  it('`bsml help` with an unknown command, or two, is a one-line usage error', async () => {
    expect(await runCli(['help', 'nosuch'])).toEqual({ code: 2, stdout: '', stderr: `bsml help: unknown command "nosuch"; run 'bsml --help'\n` });
    expect(await runCli(['help', 'run', 'vectors'])).toEqual({ code: 2, stdout: '', stderr: 'bsml help: give one command name\n' });
  });

  it('as scripts see it: `node bin/bsml.js run --help` exits 0 with the help on stdout; a bad option exits 2 with one line', async () => {
    const [help, bad] = await Promise.all([spawnCli(['run', '--asm', '1', '--help']), spawnCli(['vectors', '--bogus', 'x.json'])]);
    expect(help).toEqual({ code: 0, stdout: commandHelp(COMMANDS.get('run')!.spec), stderr: '' });
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toEqual([`bsml vectors: Unknown option '--bogus'; run 'bsml vectors --help' for its options`]);
  });
});

describe('wantsHelp', () => {
  const spec = COMMANDS.get('vectors')!.spec;
  const run = COMMANDS.get('run')!.spec;
  it('finds --help / -h as options, also among short flags and after unknown options', () => {
    expect(wantsHelp(spec, ['--help'])).toBe(true);
    expect(wantsHelp(spec, ['-vh'])).toBe(true);
    expect(wantsHelp(spec, ['--bogus', '-h'])).toBe(true);
    expect(wantsHelp(spec, ['file.json', '--json', '--help=1'])).toBe(true);
  });
  it('not as the value of an option, nor after --', () => {
    expect(wantsHelp(run, ['--asm=--help'])).toBe(false);
    expect(wantsHelp(spec, ['--', '--help'])).toBe(false);
    expect(wantsHelp(spec, ['help'])).toBe(false);
  });
});

describe('defineCommand', () => {
  it('refuses an option named help or with the short form -h', () => {
    const base = { name: 'x', usage: '', summary: '', description: '', examples: [] };
    expect(() => defineCommand({ ...base, options: { help: { type: 'boolean', help: '' } } })).toThrow(/reserved/);
    expect(() => defineCommand({ ...base, options: { host: { type: 'string', short: 'h', help: '' } } })).toThrow(/reserved/);
  });
});

describe('README CLI reference', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  /** Each `bsml NAME ...` synopsis in the README: inline code spans and code-block lines (with their indented continuations). */
  function synopses(): { name: string; text: string }[] {
    const out: { name: string; text: string }[] = [];
    for (const m of readme.matchAll(/`(?:npx )?bsml ([a-z][a-z-]*)([^`]*)`/g)) out.push({ name: m[1]!, text: m[2]! });
    const blocks = [...readme.matchAll(/```[a-z]*\n([\s\S]*?)```/g)].map((m) => m[1]!);
    for (const block of blocks) {
      let cur: { name: string; text: string } | undefined;
      for (const line of block.split('\n')) {
        const m = /^(?:\$ )?(?:npx )?bsml ([a-z][a-z-]*)(.*)$/.exec(line);
        if (m) out.push((cur = { name: m[1]!, text: m[2]! }));
        else if (cur && /^\s+\S/.test(line) && /(^|\s)\[?--?[a-z]/.test(line)) cur.text += ` ${line}`;
        else cur = undefined;
      }
    }
    return out;
  }

  it('names only commands that exist, with options they accept', () => {
    const found = synopses();
    expect(found.length).toBeGreaterThan(20);
    const bad: string[] = [];
    for (const { name, text } of found) {
      if (name === 'help') continue; // `bsml help <command>`
      const spec = COMMANDS.get(name);
      if (!spec) {
        bad.push(`bsml ${name}: no such command`);
        continue;
      }
      const ok = accepted(spec.spec);
      for (const f of flagsIn(text)) if (!ok.has(f)) bad.push(`bsml ${name}${text}: ${f}`);
    }
    expect(bad).toEqual([]);
  });

  it("shows every command's every option in one of its synopses", () => {
    const found = synopses();
    const missing: string[] = [];
    for (const { spec } of commands) {
      const text = found.filter((s) => s.name === spec.name).map((s) => s.text).join(' ');
      for (const [name, o] of Object.entries(spec.options)) {
        if (!mentions(text, `--${name}`) && !(o.short && mentions(text, `-${o.short}`))) missing.push(`bsml ${spec.name} --${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("writes each option's choices as its spec does (`--engine auto|ts|native`), wherever a synopsis lists them", () => {
    const differ: string[] = [];
    for (const { name, text } of synopses()) {
      const spec = COMMANDS.get(name)?.spec;
      if (!spec) continue;
      for (const m of text.matchAll(/--([a-z][\w-]*)[ =]([\w:-]+(?:\|[\w:-]+)+)/g)) {
        const value = spec.options[m[1]!]?.value;
        const shown = new Set(m[2]!.split('|'));
        const choices = new Set((value ?? '').split('|'));
        if (shown.size !== choices.size || [...shown].some((v) => !choices.has(v))) differ.push(`bsml ${name} --${m[1]} ${m[2]} (spec: ${value})`);
      }
    }
    expect(differ).toEqual([]);
  });

  it("writes each option's placeholder as its spec does (`--utxo TXID:VOUT:AMOUNT_SATS`), wherever a synopsis shows one", () => {
    const differ: string[] = [];
    let seen = 0;
    for (const { name, text } of synopses()) {
      const spec = COMMANDS.get(name)?.spec;
      if (!spec) continue;
      // A placeholder is upper case (`SCRIPT_HEX:AMOUNT_SATS,...`, `N`, `A,B`); lower-case words are example values.
      for (const m of text.matchAll(/--([a-z][\w-]*)[ =]([A-Z][^\s\])`]*)/g)) {
        const value = spec.options[m[1]!]?.value;
        if (value === undefined) continue;
        seen++;
        if (m[2] !== value) differ.push(`bsml ${name} --${m[1]} ${m[2]} (spec: ${value})`);
      }
    }
    expect(seen).toBeGreaterThan(10);
    expect(differ).toEqual([]);
  });

  it('says that every command has its own --help', () => {
    expect(readme).toContain('bsml <command> --help');
    expect(readme).not.toMatch(/no `--help` of their own/);
  });
});

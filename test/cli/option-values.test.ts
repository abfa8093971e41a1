/**
 * Option values that start with `-`: a negative number (or a list or ASM starting with one) after
 * an option that takes a value is that value (`--seed -5`, `--input-range -1,8`), in every command,
 * since they all parse through `parseCommand`; a genuine option there (`--json`, `-o`, `-h`) is
 * never swallowed as a value, and everything after `--` stays positional.
 */
import { describe, expect, it } from 'vitest';
import { commandHelp, defineCommand, HelpRequested, parseCommand, VALUE_FORMS_HELP, wantsHelp } from '../../src/cli/command-spec.js';
import { COMMANDS } from '../../src/cli/main.js';
import { UsageError } from '../../src/cli/usage.js';
import { thrown } from '../helpers/errors.js';
import { runCli } from '../helpers/cli.js';

const spec = (name: string) => COMMANDS.get(name)!.spec;

describe('a value that starts with a negative number', () => {
  it('is the value of the option before it, in the form QA found refused', () => {
    expect(parseCommand(spec('compile'), ['iris.onnx', '--input-range', '-1,8', '-o', 'out']).values).toMatchObject({ 'input-range': '-1,8', out: 'out' });
    expect(parseCommand(spec('witness'), ['OUT', '--input', '-1,2,3,4', '--claim', '-1']).values).toMatchObject({ input: '-1,2,3,4', claim: '-1' });
    expect(parseCommand(spec('run'), ['--asm', '-1 1 2 WITHIN']).values.asm).toBe('-1 1 2 WITHIN');
    expect(parseCommand(spec('fuzz'), ['--engines', 'ts,ts', '--seed', '-5', '--runs', '10']).values).toMatchObject({ seed: '-5', runs: '10' });
    expect(parseCommand(spec('fuzz'), ['--seed', '-.5']).values.seed).toBe('-.5');
  });

  it('also after a short option, alone or the last of a group', () => {
    expect(parseCommand(spec('compile'), ['m.json', '-o', '-1']).values.out).toBe('-1');
    const both = defineCommand({
      name: 'x',
      usage: '',
      summary: '',
      description: '',
      examples: [],
      options: { verbose: { type: 'boolean', short: 'v', help: '' }, out: { type: 'string', short: 'o', help: '' } },
    });
    expect(parseCommand(both, ['-vo', '-2']).values).toEqual({ verbose: true, out: '-2' });
    expect(parseCommand(both, ['-o-2']).values).toEqual({ out: '-2' });
  });

  it('the --opt=VALUE form works as before, and so do ordinary values and `-` (stdout)', () => {
    expect(parseCommand(spec('run'), ['--asm=-1', '--stack=-x']).values).toMatchObject({ asm: '-1', stack: '-x' });
    expect(parseCommand(spec('import'), ['m.onnx', '-o', '-', '--input-range', '0,16']).values).toMatchObject({ out: '-', 'input-range': '0,16' });
    expect(parseCommand(spec('run'), ['--asm', '1', '--json']).values).toMatchObject({ asm: '1', json: true });
  });

  it('runs end to end: `bsml run --asm "-1 1 2 WITHIN NOT"` succeeds', async () => {
    const r = await runCli(['run', '--asm', '-1 1 2 WITHIN NOT', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, error: 'OK', stack: ['01'] });
  });
});

describe('an option where a value should be', () => {
  it('is never taken as the value: the option before it has none (one line, naming both)', async () => {
    const e = thrown(() => parseCommand(spec('run'), ['--asm', '--json']));
    expect(e).toEqual(new UsageError(`option '--asm' needs a value, but '--json' follows it (a value that starts with '-' is written --asm=VALUE)`));
    expect(thrown(() => parseCommand(spec('compile'), ['m.json', '-o', '--json']))).toEqual(
      new UsageError(`option '-o' needs a value, but '--json' follows it (a value that starts with '-' is written --out=VALUE)`),
    );
    expect(thrown(() => parseCommand(spec('fuzz'), ['--seed', '-x']))).toBeInstanceOf(UsageError);
    const r = await runCli(['run', '--asm', '--json']);
    expect(r).toEqual({ code: 2, stdout: '', stderr: `bsml run: option '--asm' needs a value, but '--json' follows it (a value that starts with '-' is written --asm=VALUE)\n` });
  });

  it('--help or -h there is a request for help (help wins whatever else is on the line)', async () => {
    expect(wantsHelp(spec('run'), ['--asm', '--help'])).toBe(true);
    expect(wantsHelp(spec('run'), ['--asm', '-h'])).toBe(true);
    expect(wantsHelp(spec('compile'), ['m.json', '-o', '-h'])).toBe(true);
    expect(thrown(() => parseCommand(spec('run'), ['--asm', '--help']))).toBeInstanceOf(HelpRequested);
    expect(await runCli(['run', '--asm', '--help'])).toEqual({ code: 0, stdout: commandHelp(spec('run')), stderr: '' });
    // Written as the option's value, it is that value.
    expect(wantsHelp(spec('run'), ['--asm=--help'])).toBe(false);
  });
});

describe('--', () => {
  it('still ends the options: what follows is positional, negative numbers and options alike', () => {
    expect(parseCommand(spec('run'), ['--asm', '1', '--', '-1', '--json'])).toMatchObject({ values: { asm: '1' }, positionals: ['-1', '--json'] });
    expect(parseCommand(spec('run'), ['--', '--asm', '-1']).positionals).toEqual(['--asm', '-1']);
    // An option right before `--` has no value (parseArgs refused it before too).
    expect(thrown(() => parseCommand(spec('run'), ['--asm', '--', '-1']))).toBeInstanceOf(UsageError);
    expect(wantsHelp(spec('run'), ['--', '--help'])).toBe(false);
  });
});

describe("each command's help says how a value is written", () => {
  const commands = [...COMMANDS.values()].map((c) => c.spec);

  it('in one line under the options: --opt VALUE or --opt=VALUE, and = for a value starting with - (not a negative number)', () => {
    expect(VALUE_FORMS_HELP).toContain('--opt VALUE or --opt=VALUE');
    expect(VALUE_FORMS_HELP.length).toBeLessThanOrEqual(100); // one line of the help
    for (const s of commands) {
      expect(commandHelp(s), s.name).toMatch(/\n {2}-h, --help +print this help and exit\n\nValues: --opt VALUE or --opt=VALUE;[^\n]*\n\nexamples?:\n/);
    }
    // Not in a command without a value to write.
    const bare = defineCommand({ name: 'x', usage: '', summary: '', description: '', examples: ['bsml x'], options: { json: { type: 'boolean', help: 'j' } } });
    expect(commandHelp(bare)).not.toContain('Values:');
  });

  it('and it is true of every string option of every command', () => {
    for (const s of commands) {
      for (const [name, o] of Object.entries(s.options)) {
        if (o.type !== 'string') continue;
        const where = `${s.name} --${name}`;
        expect(parseCommand(s, [`--${name}`, 'v']).values[name], where).toBe('v');
        expect(parseCommand(s, [`--${name}=v`]).values[name], where).toBe('v');
        expect(parseCommand(s, [`--${name}=-x`]).values[name], where).toBe('-x');
        expect(parseCommand(s, [`--${name}`, '-5']).values[name], where).toBe('-5');
        expect(thrown(() => parseCommand(s, [`--${name}`, '-x'])), where).toBeInstanceOf(UsageError);
      }
    }
  });
});

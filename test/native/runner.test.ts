/**
 * bsml-run (native/tools/bsml_run.cpp, the runner for devices without Node) answers as
 * `bsml run --hex` does on the same arguments: the same stdout (text and --json), exit code and
 * stderr line (but the program's name) for scripts and stacks, trimmed items, `0x` items, flag
 * lists, --opt=VALUE, bad hex, flags and sigversions, and initial stacks of more than 1,000 items
 * (which a native context cannot hold: Core runs the first opcode on them before its stack-size
 * check, or, in tapscript, refuses them after the OP_SUCCESS pre-scan). With `--asm` it reads the
 * ASM `bsml run --asm` reads (parseCoreAsm): random scripts written by toCoreAsm and random token
 * lists, every number boundary, 0x splices, quoted text (ill-formed UTF-8 too), opcode names and
 * aliases, and bad tokens (named as bsml run names them); `--asm X` runs as `--hex` of X's bytes.
 *
 * The runner is built with CMake into a scratch directory (or BSML_RUN names one already built).
 * Without CMake the suite is skipped with the reason printed, or fails when BSML_REQUIRE_NATIVE=1.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCoreAsm, toCoreAsm } from '../../src/script/asm.js';
import { OPCODES } from '../../src/script/opcodes.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { toHex } from '../../src/script/bytes.js';
import { formatStackList } from '../../src/script/stack-list.js';
import { evalCase } from '../../src/testing/arbitraries.js';
import { flagNames } from '../../src/vm/flags.js';
import { runCli, type CliRun } from '../helpers/cli.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const required = process.env.BSML_REQUIRE_NATIVE === '1';
const cmake = spawnSync('cmake', ['--version']).status === 0;
if (!cmake && !process.env.BSML_RUN && !required) {
  process.stdout.write('[runner] skipped: cmake is not installed (set BSML_RUN to a built bsml-run, or BSML_REQUIRE_NATIVE=1 to make this a failure)\n');
}

let runner = process.env.BSML_RUN ?? '';
let scratch = '';
beforeAll(() => {
  if (runner || (!cmake && !required)) return;
  scratch = mkdtempSync(join(tmpdir(), 'bsml-runner-'));
  for (const args of [
    ['-S', join(ROOT, 'native'), '-B', scratch, '-DCMAKE_BUILD_TYPE=Release'],
    ['--build', scratch, '--target', 'bsml-run', '-j2'],
  ]) {
    const r = spawnSync('cmake', args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`cmake ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`);
  }
  runner = join(scratch, 'bsml-run');
}, 600_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function runRunner(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(runner, args, { encoding: 'utf8', maxBuffer: 1 << 26 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/**
 * bsml-run with arguments given as bytes, ill-formed UTF-8 too (which Node cannot pass itself: it
 * writes each argument string as UTF-8), through sh and printf.
 */
function runRunnerBytes(args: Buffer[]): Promise<CliRun> {
  const octal = (b: Buffer) => [...b].map((x) => `\\${x.toString(8).padStart(3, '0')}`).join('');
  const words = args.map((a) => `"$(printf '${octal(a)}')"`).join(' ');
  return new Promise((resolve) => {
    execFile('/bin/sh', ['-c', `exec "$0" ${words}`, runner], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

// As a stream writes it (a lone surrogate in a message becomes U+FFFD).
const utf8 = (s: string) => Buffer.from(s, 'utf8').toString('utf8');

/**
 * `bsml run --engine ts ARGS` (in-process) and bsml-run's run: equal, the runner's stderr read
 * with its program name as `bsml run`'s.
 */
async function expectSameRun(tsArgs: string[], native: Promise<CliRun>, what: string): Promise<CliRun> {
  const ts = await runCli(['run', '--engine', 'ts', ...tsArgs]);
  const written = { code: ts.code, stdout: utf8(ts.stdout), stderr: utf8(ts.stderr) };
  const got = await native;
  expect({ ...got, stderr: got.stderr.replaceAll('bsml-run: ', 'bsml run: ') }, what).toEqual(written);
  return written;
}

/** `bsml run --engine ts --hex SCRIPT OPTIONS` and `bsml-run OPTIONS SCRIPT`: equal (expectSameRun). */
function expectSame(script: string, options: string[]): Promise<CliRun> {
  return expectSameRun(['--hex', script, ...options], runRunner([...options, '--', script]), `bsml-run ${options.join(' ').slice(0, 200)} ${script.slice(0, 40)}`);
}

/**
 * `bsml run --engine ts --asm ASM OPTIONS` and `bsml-run --asm ASM OPTIONS`: equal (expectSameRun).
 * The ASM is given as `--asm=ASM` when it starts with "-" (`bsml run` takes a value starting with
 * "-" as the next argument only when it is a negative number) or when `equals` is set. When the
 * ASM is good, bsml-run answers the same to `--hex` of the bytes parseCoreAsm makes of it.
 */
async function expectSameAsm(asm: string, options: string[], equals = false): Promise<CliRun> {
  const args = equals || asm.startsWith('-') ? [`--asm=${asm}`] : ['--asm', asm];
  const r = await expectSameRun([...args, ...options], runRunner([...args, ...options]), `bsml-run --asm ${JSON.stringify(asm.slice(0, 200))} ${options.join(' ').slice(0, 200)}`);
  if (r.code !== 2) {
    const hex = await runRunner(['--hex', toHex(parseCoreAsm(asm)), ...options]);
    expect(hex, `bsml-run --hex of ${JSON.stringify(asm.slice(0, 200))}`).toEqual(r);
  }
  return r;
}

const num = (n: number): string => (n === 0 ? '0x' : toHex(encodeScriptNum(n)));

/** Ill-formed UTF-8, as a shell can pass it. */
const ILL_FORMED: Buffer[] = [
  Buffer.from([0xe2, 0x82]), // a truncated 3-byte sequence: one U+FFFD
  Buffer.from([0xf0, 0x90, 0x80, 0x41]), // a truncated 4-byte sequence, then A
  Buffer.from([0xed, 0xa0, 0x80]), // a surrogate: three
  Buffer.from([0xe0, 0x80, 0xaf]), // overlong: three
  Buffer.from([0xf5, 0x80, 0x80]), // not a lead byte: three
  Buffer.from([0xf4, 0x90, 0x80, 0x80]), // above U+10FFFF: four
  Buffer.from([0xc0, 0xaf, 0xff, 0xc3, 0xa9]), // then é
];

/** n items, bottom first: small, empty and 2-byte ones, then `top`. */
function bigStack(n: number, top = '01'): string {
  const items = Array.from({ length: n - 1 }, (_, i) => (i % 7 === 3 ? '0x' : i % 5 === 1 ? 'ab01' : (i % 256).toString(16).padStart(2, '0')));
  return [...items, top].join(',');
}

describe.skipIf(!cmake && !process.env.BSML_RUN && !required)('bsml-run and bsml run on the same arguments', () => {
  it('results, stacks and altstacks, text and JSON', async () => {
    const cases: [string, string[]][] = [
      ['525393559c', ['--flags', 'MINIMALDATA']],
      ['5393559c', ['--stack', '02']],
      ['6b61', ['--stack', '0x,01,0x']],
      ['6b00', ['--stack', '07']],
      ['74', ['--stack', ',']],
      ['', ['--stack', '0x']],
      ['', []],
      ['93', ['--stack', '02,03', '--sigversion', 'tapscript']],
      ['51', ['--sigversion', 'tapscript', '--stack', '01']],
      ['51', ['--sigversion', 'witness_v0']],
      ['6351', ['--flags', 'P2SH,CLEANSTACK']],
    ];
    for (const [script, options] of cases) {
      await expectSame(script, options);
      await expectSame(script, [...options, '--json']);
    }
  });

  it('trims white space around the script, each --stack item and each flag name, as bsml run does', async () => {
    const r = await expectSame(' 6b61\t', ['--stack', ' 01 , 0x02 ,\u00a00x\u3000']);
    expect(r.stdout).toBe('success: OK  opCount 2\nstack: [01 02]  altstack: [0x]\n');
    // A list of white space only is the empty stack, as "" is (the script pushes 1 onto nothing).
    expect((await expectSame('51', ['--stack', ' ', '--json'])).stdout).toBe('{"success":true,"error":"OK","stack":["01"],"altstack":[],"opCount":0}\n');
    expect((await expectSame('51', ['--stack', '\t\u00a0'])).stdout).toBe('success: OK  opCount 0\nstack: [01]\n');
    await expectSame('76', ['--flags', ' P2SH , SCRIPT_VERIFY_MINIMALDATA,,NONE ', '--stack', '\ufeff02']);
  });

  it('takes --opt=VALUE as bsml run does', async () => {
    const r = await expectSame('51', ['--stack=0x,01', '--sigversion=base', '--flags=MINIMALDATA']);
    expect(r.stdout).toBe('success: OK  opCount 0\nstack: [0x 01 01]\n');
  });

  it('words bad hex, flags and sigversions as bsml run does, counting positions from 0', async () => {
    const bad: [string, string[]][] = [
      ['5z', []],
      ['515', []],
      ['0x51', []],
      ['51', ['--stack', '01,0g']],
      ['51', ['--stack', '0x0g']],
      ['51', ['--stack', '0x123']],
      ['51', ['--stack', '0\u0001']],
      ['51', ['--stack', 'a"b']],
      ['51', ['--stack', `01,${'x'.repeat(50)}`]],
      ['51', ['--stack', '\u00e91']],
      ['51', ['--stack', '0\u00e9\u00e9']],
      ['51', ['--stack', '\u{1f600}12']],
      ['51', ['--stack', '\u{1f600}1']],
      ['51', ['--flags', 'P2SH, FOO ']],
      ['51', ['--flags', 'SCRIPT_VERIFY_FOO']],
      ['51', ['--sigversion', 'taproot']],
    ];
    for (const [script, options] of bad) {
      const r = await expectSame(script, options);
      expect(r.code).toBe(2);
    }
    const r = await expectSame('51', ['--stack', '01,0g']);
    expect(r.stderr).toBe(`bsml run: --stack item 1: bad hex "0g": 'g' at position 1 is not a hex digit\n`);
  });

  it('reads ill-formed UTF-8 as Node reads its arguments (each maximal ill-formed sequence one U+FFFD): the same characters and positions in messages', async () => {
    for (const text of ILL_FORMED) {
      const item = Buffer.concat([Buffer.from('0'), text, Buffer.from('12')]);
      await expectSameRun(['--hex', '51', '--stack', item.toString('utf8')], runRunnerBytes([Buffer.from('--stack'), item, Buffer.from('51')]), `--stack ${item.toString('hex')}`);
    }
  });

  it('evaluates more than 1,000 initial items as Core does (bsml run)', async () => {
    const scripts = ['', '75', '6d', '74', '76', '6b', '69', '9c75', '7575', '6d6d', '0075', '7c', '61', '68', '4c', '6a', '7e', '50', 'ba', 'ae', '635168', '5a'];
    const deep = (n: number) => [num(5), num(998), num(999), num(n - 2), num(n - 1), num(-1), '0500'];
    for (const n of [1001, 1002, 1044]) {
      for (const sigversion of ['base', 'witness_v0', 'tapscript']) {
        for (const script of scripts) {
          if (script === '635168' && n === 1001) continue; // see the next test
          await expectSame(script, ['--stack', bigStack(n), '--sigversion', sigversion, '--json']);
        }
        for (const script of ['79', '7a', '7a75', '7a7a', '7a6d6d6d', `7a${'61'.repeat(200)}`, `7a${'61'.repeat(201)}`]) {
          for (const top of deep(n)) await expectSame(script, ['--stack', bigStack(n, top), '--sigversion', sigversion, '--json']);
        }
      }
    }
    // Flags, a script over 10,000 bytes, an item over 520 bytes, and the text form.
    const n = 1001;
    for (const flags of ['MINIMALDATA', 'CLEANSTACK', 'MINIMALIF,DISCOURAGE_OP_SUCCESS']) {
      for (const script of ['', '75', '7a', 'ba', '69', '9c']) {
        for (const sigversion of ['base', 'witness_v0', 'tapscript']) {
          await expectSame(script, ['--stack', bigStack(n, script === '7a' ? num(1000) : '0100'), '--sigversion', sigversion, '--flags', flags, '--json']);
        }
      }
    }
    for (const sigversion of ['base', 'witness_v0', 'tapscript']) {
      await expectSame('00'.repeat(10_001), ['--stack', bigStack(n), '--sigversion', sigversion, '--json']);
      await expectSame('75', ['--stack', `${'01'.repeat(521)},${bigStack(n)}`, '--sigversion', sigversion, '--json']);
      await expectSame('7a75', ['--stack', bigStack(n, num(999)), '--sigversion', sigversion]);
    }
    // Spot checks of what Core does: one DROP leaves 1,000 items and runs on; DUP stops.
    const drop = await expectSame('75', ['--stack', bigStack(1001), '--json']);
    expect(JSON.parse(drop.stdout)).toMatchObject({ success: true, error: 'OK', opCount: 1 });
    expect(JSON.parse(drop.stdout).stack).toHaveLength(1000);
    const dup = await expectSame('76', ['--stack', bigStack(1001), '--json']);
    expect(JSON.parse(dup.stdout)).toMatchObject({ success: false, error: 'STACK_SIZE', opCount: 1 });
    expect(JSON.parse(dup.stdout).stack).toHaveLength(1002);
    const tap = await expectSame('75', ['--stack', bigStack(1001), '--sigversion', 'tapscript', '--json']);
    expect(JSON.parse(tap.stdout)).toMatchObject({ success: false, error: 'STACK_SIZE', opCount: 0 });
  }, 300_000);

  it('runs OP_IF / OP_NOTIF first on exactly 1,001 items as Core does (the rest of the script inside the branch)', async () => {
    for (const script of ['635168', '6451675168', '637568', '647567755168', '6375', '63', '6368', '63670068']) {
      for (const top of ['01', '0x', '02', '0100']) {
        for (const sigversion of ['base', 'witness_v0', 'tapscript']) {
          await expectSame(script, ['--stack', bigStack(1001, top), '--sigversion', sigversion, '--flags', 'MINIMALIF', '--json']);
        }
      }
    }
    // IF leaves 1,000 items, and the branch runs on (OP_1 then is one item too many).
    const r = await expectSame('635168', ['--stack', bigStack(1001), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: false, error: 'STACK_SIZE', opCount: 1 });
  }, 120_000);

  it('counts the keys of a CHECKMULTISIG first on more than 1,000 items in the op count, as Core does', async () => {
    // A dummy, no signatures, 20 keys, the key count: CHECKMULTISIG(VERIFY) pops 23 items (22 and pushes one).
    const multisig = (n: number) => `${bigStack(n - 22)},0x,${Array(20).fill('02').join(',')},${num(20)}`;
    for (const n of [1022, 1023, 1024]) {
      for (const script of ['af', `af${'61'.repeat(180)}`, `af${'61'.repeat(181)}`, 'ae', `ae75${'61'.repeat(179)}`, `ae75${'61'.repeat(180)}`]) {
        await expectSame(script, ['--stack', multisig(n), '--json']);
      }
    }
    const r = await expectSame('af', ['--stack', multisig(1023), '--json']);
    expect(JSON.parse(r.stdout)).toMatchObject({ success: true, opCount: 21 });
    // MAX_OPS_PER_SCRIPT (201) counts from 21 on.
    const limit = await expectSame(`af${'61'.repeat(181)}`, ['--stack', multisig(1023), '--json']);
    expect(JSON.parse(limit.stdout)).toMatchObject({ error: 'OP_COUNT', opCount: 202 });
  }, 120_000);
});

it('the runner is found or built when CMake is there', () => {
  if (cmake || process.env.BSML_RUN) expect(existsSync(runner)).toBe(true);
});

describe.skipIf(!cmake && !process.env.BSML_RUN && !required)('bsml-run --asm and bsml run --asm on the same arguments', () => {
  it('random scripts written by toCoreAsm run as in bsml run --asm, and as bsml-run --hex of their bytes', async () => {
    // A program's argument holds at most 128 KiB here (Linux's MAX_ARG_STRLEN): the stacks and scripts kept fit.
    const fits = (c: { script: Uint8Array; stack: Uint8Array[] }) => formatStackList(c.stack).length < 100_000 && toCoreAsm(c.script).length < 100_000;
    await fc.assert(
      fc.asyncProperty(evalCase({ maxTokens: 12 }).filter(fits), fc.boolean(), async (c, equals) => {
        const options = [`--stack=${formatStackList(c.stack)}`, '--sigversion', c.sigVersion, `--flags=${flagNames(c.flags).join(',')}`, '--json'];
        const r = await expectSameAsm(toCoreAsm(c.script), options, equals);
        expect(r.code).not.toBe(2);
        expect(await runRunner(['--hex', toHex(c.script), ...options])).toEqual(r);
      }),
      { numRuns: 150 },
    );
  }, 300_000);

  /** Number tokens: every boundary parseCoreAsm and the script-number encoding treat specially. */
  const NUMBERS = [
    '0', '-0', '00', '-00', '007', '-1', '1', '16', '-16', '17', '-17', '127', '-127', '128', '-128', '255', '256', '32767', '32768',
    '-32768', '8388607', '8388608', '-8388608', '2147483647', '2147483648', '-2147483647', '-2147483648', '4294967295', '-4294967295',
    '04294967295', '-0004294967295', '4294967296', '-4294967296', '10000000000', '99999999999999999999', '18446744073709551616',
  ];
  const token = fc.oneof(
    fc.constantFrom(...NUMBERS),
    fc.bigInt({ min: -(1n << 33n), max: 1n << 33n }).map(String),
    fc.uint8Array({ maxLength: 6 }).map((b) => `0x${toHex(b)}`),
    fc.uint8Array({ minLength: 1, maxLength: 6 }).map((b) => `0x${toHex(b).toUpperCase()}`),
    fc.string({ unit: 'binary', maxLength: 6 }).map((t) => `'${t}'`),
    fc.constantFrom(...OPCODES.flatMap((o) => [o.name, o.name.slice(3), ...o.aliases, ...o.aliases.map((a) => a.slice(3))])),
    fc.constantFrom('0x', '0x1', '0X12', '0xzz', "'", "'a", "a'", '-', '--1', '+1', '1-', '1.5', 'add', 'OP_UNKNOWN', '\u00e9', '\u{1f600}'),
    fc.string({ unit: 'binary', maxLength: 4 }),
  );
  const gap = fc.constantFrom(' ', '\t', '\n', '  ', ' \t\n ', '\r', '\u000b', '\u00a0');

  it('random token lists (numbers, hex, quoted text, names, junk, gaps) are read as bsml run reads them, bad tokens named alike', async () => {
    let good = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(token, gap), { maxLength: 8 }), fc.boolean(), fc.boolean(), async (parts, lead, equals) => {
        // As a program's argument can be: UTF-8 (a lone surrogate as U+FFFD), no NUL.
        const asm = utf8((lead ? ' ' : '') + parts.map(([t, g]) => t + g).join('')).replaceAll('\0', '');
        if ((await expectSameAsm(asm, ['--json'], equals)).code !== 2) good++;
      }),
      { numRuns: 300 },
    );
    expect(good).toBeGreaterThan(20);
  }, 300_000);

  it('reads every number boundary, 0x splices, quoted text and opcode names into the bytes parseCoreAsm makes', async () => {
    // Pushes only: the stack is what was pushed.
    const stack = async (asm: string) => JSON.parse((await expectSameAsm(asm, ['--json'])).stdout).stack as string[];
    const inRange = NUMBERS.filter((n) => BigInt(n) <= 0xffffffffn && BigInt(n) >= -0xffffffffn);
    expect(await stack(inRange.join(' '))).toEqual([
      '', '', '', '', '07', '81', '01', '10', '90', '11', '91', '7f', 'ff', '8000', '8080', 'ff00', '0001', 'ff7f', '008000',
      '008080', 'ffff7f', '00008000', '00008080', 'ffffff7f', '0000008000', 'ffffffff', '0000008080', 'ffffffff00', 'ffffffff80', 'ffffffff00', 'ffffffff80',
    ]);
    expect(await stack("0x4c01 0x07 0x0100 0x4C00 0x02 0xabCD '' 'a' 'é' '\u{1f600}' '''")).toEqual(['07', '00', '', 'abcd', '', '61', 'c3a9', 'f09f9880', '27']);
    expect(await stack([75, 76, 255, 256].map((n) => `'${'z'.repeat(n)}'`).join(' '))).toEqual([75, 76, 255, 256].map((n) => '7a'.repeat(n)));
    // Opcode names with and without OP_, tabs and line feeds between them.
    const ops = await expectSameAsm('2\tOP_DUP DUP\n\nADD OP_ADD NOP OP_NOP10 CHECKLOCKTIMEVERIFY OP_CHECKSEQUENCEVERIFY 1ADD DUP 2DUP 2DROP OP_DROP', ['--json']);
    expect(JSON.parse(ops.stdout)).toMatchObject({ stack: ['07'], success: true });
    // Empty ASM (or gaps only): the empty script.
    for (const asm of ['', ' ', '\t\n ']) expect((await expectSameAsm(asm, ['--stack', '01'])).stdout).toBe('success: OK  opCount 0\nstack: [01]\n');
  });

  it('names a bad token and its place as bsml run does (exit 2, one line on stderr, nothing on stdout)', async () => {
    const word = 'not a number, 0x-hex, quoted string or opcode name';
    const range = 'number out of range [-4294967295, 4294967295]';
    const bad: [string, string][] = [
      ['1 FOO ADD', `"FOO" (token 2): ${word}`],
      ['4294967296', `"4294967296" (token 1): ${range}`],
      ['\t1 -4294967296', `"-4294967296" (token 2): ${range}`],
      ['99999999999999999999', `"99999999999999999999" (token 1): ${range}`],
      ['0x', `"0x" (token 1): ${word}`],
      ['1 2 0x123', `"0x123" (token 3): ${word}`],
      ['0X12', `"0X12" (token 1): ${word}`],
      ["'a b'", `"'a" (token 1): ${word}`],
      ["'", `"'" (token 1): ${word}`],
      ['1\r2', `"1\\r2" (token 1): ${word}`],
      ['OP_1 OP_TRUE', `"OP_1" (token 1): ${word}`],
      ['NOP2', `"NOP2" (token 1): ${word}`],
      ['CHECKSIGADD', `"CHECKSIGADD" (token 1): ${word}`],
      ['add', `"add" (token 1): ${word}`],
      ['-', `"-" (token 1): ${word}`],
      ['1 a\u0001\u009b"\\\u00e9', `"a\\u0001\\u009b\\"\\\\\u00e9" (token 2): ${word}`],
    ];
    for (const [asm, message] of bad) {
      const r = await expectSameAsm(asm, ['--stack', '01']);
      expect(r, JSON.stringify(asm)).toEqual({ code: 2, stdout: '', stderr: `bsml run: bad ASM token ${message}\n` });
    }
    // A long token is named whole.
    const long = `${'x'.repeat(5000)}\u0001`;
    expect((await expectSameAsm(`1 ${long}`, [])).stderr).toBe(`bsml run: bad ASM token ${JSON.stringify(long)} (token 2): ${word}\n`);
  });

  it('reads ill-formed UTF-8 as Node reads its arguments (each maximal ill-formed sequence one U+FFFD), in --asm text and messages', async () => {
    for (const text of ILL_FORMED) {
      for (const asm of [Buffer.concat([Buffer.from("'"), text, Buffer.from("'")]), Buffer.concat([Buffer.from('1 '), text])]) {
        await expectSameRun(['--asm', asm.toString('utf8'), '--json'], runRunnerBytes([Buffer.from('--asm'), asm, Buffer.from('--json')]), `--asm ${asm.toString('hex')}`);
      }
    }
  });

  it("takes exactly one of --asm, --hex and SCRIPTHEX (bsml-run's wording, with its usage line)", async () => {
    const usage = /^bsml-run: give exactly one of --asm, --hex or SCRIPTHEX\nusage: bsml-run [^\n]*\(--asm ASM \| --hex HEX \| SCRIPTHEX\)\n$/;
    for (const args of [[], ['--json'], ['--asm', '1', '--hex', '51'], ['--asm', '1', '51'], ['--hex', '51', '51'], ['--hex=', '--asm=', '--', '']]) {
      const r = await runRunner(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(usage);
    }
    expect(await runCli(['run', '--asm', '1', '--hex', '51'])).toMatchObject({ code: 2, stderr: 'bsml run: give exactly one of --asm or --hex\n' });
    // --hex HEX is SCRIPTHEX; given twice, the last --asm or --hex counts (as bsml run's parser takes it).
    expect(await runRunner(['--hex', ' 5193 ', '--stack', '02'])).toEqual(await runRunner(['--stack', '02', ' 5193 ']));
    await expectSameRun(['--asm', '1', '--asm', '2', '--json'], runRunner(['--asm', '1', '--asm', '2', '--json']), '--asm twice');
    await expectSameRun(['--hex', '51', '--hex=', '--json'], runRunner(['--hex', '51', '--hex=', '--json']), '--hex twice');
    expect(await runRunner(['--asm'])).toMatchObject({ code: 2, stdout: '', stderr: expect.stringMatching(/^bsml-run: --asm needs a value\nusage: /) });
  });
});

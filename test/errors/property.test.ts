/**
 * Random input at the public API never escapes as anything but a result or a typed error (an
 * Error with a stable string `code`): byte strings as scripts and witness items on every engine
 * and sigversion, bytes as ONNX model files, text as CSV, ASM, hex, flags and ranges, and
 * argument lists for the CLI. fast-check prints the seed and the shrunk input on failure.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { evaluate, verifyScript, type EngineName } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';
import { parseNumericCsv, toDataset } from '../../src/models/csv.js';
import { importOnnxGraph } from '../../src/models/onnx.js';
import { parseInputRange } from '../../src/models/range.js';
import { fromAsm, parseCoreAsm } from '../../src/script/asm.js';
import { fromHex } from '../../src/script/bytes.js';
import { SCRIPT_ERRORS } from '../../src/vm/errors.js';
import { parseFlags } from '../../src/vm/flags.js';
import { ERROR_FIXTURES } from './fixtures.js';

const engines: EngineName[] = loadNativeAddon() ? ['ts', 'native'] : ['ts'];

/** Runs f; passes when it returns or throws an Error carrying a string `code`. */
function typedOrResult(f: () => unknown, codes?: readonly string[]): void {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    const code = (e as { code?: unknown }).code;
    expect(typeof code, `untyped error: ${(e as Error).stack}`).toBe('string');
    if (codes) expect(codes).toContain(code);
  }
}

const bytes = (max: number) => fc.uint8Array({ maxLength: max });
// Scripts biased towards opcodes (IF/ELSE/ENDIF, pushes, stack and number ops) as well as raw bytes.
const script = fc.oneof(
  bytes(300),
  fc.array(fc.oneof(fc.constantFrom(0x00, 0x4c, 0x4d, 0x4f, 0x51, 0x60, 0x63, 0x64, 0x67, 0x68, 0x69, 0x6b, 0x6c, 0x76, 0x7a, 0x82, 0x87, 0x93, 0xa8, 0xac, 0xae, 0xba, 0xc0), fc.integer({ min: 0, max: 255 })), { maxLength: 200 }).map((a) => Uint8Array.from(a)),
);
const stack = fc.array(bytes(40), { maxLength: 8 });
const flags = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0x1fffff }), fc.constant(0x1fffff));

describe('scripts and witness items', () => {
  it('evaluate returns a result with one of Core\'s errors, equal on every engine', () => {
    fc.assert(
      fc.property(script, stack, flags, fc.constantFrom('base', 'witness_v0', 'tapscript') as fc.Arbitrary<'base' | 'witness_v0' | 'tapscript'>, (s, st, f, sigVersion) => {
        const results = engines.map((engine) => evaluate(s, st, { sigVersion, flags: f, engine }));
        for (const r of results) expect(SCRIPT_ERRORS).toContain(r.error);
        if (results.length > 1) expect(results[1]).toEqual(results[0]);
      }),
      { numRuns: 400 },
    );
  });
  it('verifyScript returns a result for any scriptSig, scriptPubKey and witness', () => {
    fc.assert(
      fc.property(script, script, stack, flags, (sig, spk, witness, f) => {
        const results = engines.map((engine) => verifyScript(sig, spk, { witness, flags: f, engine }));
        for (const r of results) expect(SCRIPT_ERRORS).toContain(r.error);
        if (results.length > 1) expect(results[1]).toEqual(results[0]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('model files', () => {
  const good = ERROR_FIXTURES['good.onnx'] as Uint8Array;
  it('random bytes as ONNX: only OnnxImportError', () => {
    fc.assert(fc.property(bytes(400), (b) => typedOrResult(() => importOnnxGraph(b, 'r.onnx'), ['ONNX_DECODE', 'ONNX_INVALID', 'ONNX_UNSUPPORTED'])), { numRuns: 300 });
  });
  it('a real model with random bytes changed, cut or inserted: only OnnxImportError', () => {
    const mutated = fc.tuple(fc.nat(good.length), fc.uint8Array({ minLength: 1, maxLength: 8 }), fc.constantFrom('set', 'cut', 'insert')).map(([at, b, how]) => {
      if (how === 'cut') return good.subarray(0, at);
      const out = how === 'insert' ? new Uint8Array([...good.subarray(0, at), ...b, ...good.subarray(at)]) : Uint8Array.from(good);
      if (how === 'set') out.set(b.subarray(0, Math.max(0, out.length - at)), Math.min(at, out.length));
      return out;
    });
    fc.assert(fc.property(mutated, (b) => typedOrResult(() => importOnnxGraph(b, 'm.onnx'), ['ONNX_DECODE', 'ONNX_INVALID', 'ONNX_UNSUPPORTED'])), { numRuns: 400 });
  });
});

describe('text input', () => {
  const csvText = fc.oneof(
    fc.string({ maxLength: 200 }),
    fc.array(fc.array(fc.oneof(fc.double().map(String), fc.constantFrom('', 'x', '"', 'NaN', ' 1 ', 'label', '1e400')), { maxLength: 5 }), { maxLength: 6 }).map((rows) => rows.map((r) => r.join(',')).join('\n')),
  );
  it('CSV: only CsvError', () => {
    fc.assert(
      fc.property(csvText, fc.integer({ min: 0, max: 6 }), (text, inputs) => typedOrResult(() => toDataset(parseNumericCsv(text, 'r.csv'), inputs), ['CSV_SYNTAX', 'CSV_SHAPE', 'CSV_VALUE', 'CSV_COLUMN'])),
      { numRuns: 400 },
    );
  });
  it('ASM, hex, flags and ranges: only their typed errors', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        typedOrResult(() => parseCoreAsm(s), ['BAD_ASM']);
        typedOrResult(() => fromAsm(s), ['BAD_ASM']);
        typedOrResult(() => fromHex(s), ['BAD_HEX']);
        typedOrResult(() => parseFlags(s), ['BAD_FLAG']);
        typedOrResult(() => parseInputRange(s), ['BAD_RANGE']);
      }),
      { numRuns: 500 },
    );
  });
});

describe('CLI', () => {
  const word = fc.oneof(
    fc.constantFrom('run', '--asm', '--hex', '--stack', '--flags', '--sigversion', '--engine', '--json', '--trace', 'tapscript', 'P2SH', '1', 'ADD', '51', '4c', ',', 'ts', 'native'),
    fc.string({ maxLength: 12 }),
  );
  it('`bsml run` with random arguments exits 0, 1 or 2 and never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 7 }), async (args) => {
        const r = await runCli(['run', ...args]);
        expect([0, 1, 2]).toContain(r.code);
        if (r.code === 2) expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});

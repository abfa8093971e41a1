/**
 * Every error class bsml exports is a BsmlError with its own name and a stable, non-empty code.
 * The modules are found by a glob over src/, so a new error class that does not extend BsmlError
 * (or is missing from SAMPLES below) fails here.
 */
import { describe, expect, it } from 'vitest';
import { BsmlError } from '../../src/errors.js';
import * as api from '../../src/index.js';

/** One instance per class, with the arguments its constructor takes. */
const SAMPLES: Record<string, (C: new (...args: never[]) => Error) => Error> = {
  AsmError: (C) => new (C as new (t: string, i: number, d: string) => Error)('FOO', 2, 'not an opcode'),
  HexError: (C) => new (C as new (i: string, d: string) => Error)('zz', 'not hex'),
  ScriptNumError: (C) => new (C as new (r: string) => Error)('overflow'),
  FlagError: (C) => new (C as new (f: string) => Error)('BOGUS'),
  VectorFormatError: (C) => new (C as new (i: number, d: string) => Error)(3, 'bad'),
  ModelError: (C) => new (C as new (p: string, d: string) => Error)('layers', 'bad'),
  CsvError: (C) => new (C as new (c: string, m: string) => Error)('CSV_VALUE', 'bad'),
  OnnxImportError: (C) => new (C as new (c: string, m: string) => Error)('ONNX_DECODE', 'bad'),
  ModelLoadError: (C) => new (C as new (c: string, m: string) => Error)('MODEL_READ', 'bad'),
  RangeProofError: (C) => new (C as new (m: string, l: number, n: number) => Error)('bad', 0, 1),
  EquivalenceError: (C) => new (C as new (r: { text: string }) => Error)({ text: 'differs' }),
};
/** Exported error classes that are not (yet) BsmlErrors, and why. */
const NOT_BSML: Record<string, string> = {};

const modules = import.meta.glob<Record<string, unknown>>(['../../src/**/*.ts', '!../../src/**/*.d.ts'], { eager: true });

function errorClasses(): Map<string, new (...args: never[]) => Error> {
  const found = new Map<string, new (...args: never[]) => Error>();
  for (const mod of Object.values(modules)) {
    for (const v of Object.values(mod)) {
      if (typeof v === 'function' && v.prototype instanceof Error) found.set(v.name, v as new (...args: never[]) => Error);
    }
  }
  return found;
}

describe('BsmlError', () => {
  const classes = errorClasses();

  it('is exported from the package, and the package exports error classes that extend it', () => {
    expect(api.BsmlError).toBe(BsmlError);
    expect(new api.HexError('zz', 'x')).toBeInstanceOf(BsmlError);
    expect(new api.EngineError('x')).toBeInstanceOf(BsmlError);
  });

  it('finds the error classes of src/ (the glob works)', () => {
    for (const n of ['AsmError', 'CsvError', 'UsageError', 'OutputDirError', 'OutDirError', 'CompilerError', 'StackLimitError', 'FuzzUsageError']) expect(classes.has(n), n).toBe(true);
    expect(classes.size).toBeGreaterThanOrEqual(28);
  });

  for (const [name, C] of errorClasses()) {
    if (name === 'BsmlError' || name === 'CompilerError') continue; // abstract bases
    if (name in NOT_BSML) continue;
    it(`${name} is a BsmlError with its own name and a non-empty code`, () => {
      const e = (SAMPLES[name] ?? ((K) => new (K as new (m: string) => Error)('the message')))(C);
      expect(e).toBeInstanceOf(BsmlError);
      expect(e).toBeInstanceOf(C);
      expect(e).toBeInstanceOf(Error);
      expect(e.name).toBe(name);
      // An own, enumerable property set after the class's other fields, as before the shared base.
      expect(Object.keys(e).slice(-2)).toEqual(name === 'OnnxImportError' ? ['nodes', 'name'] : ['code', 'name']);
      expect(String(e)).toBe(`${name}: ${e.message}`);
      const code = (e as BsmlError).code;
      expect(typeof code).toBe('string');
      expect(code).toMatch(/^[A-Z][A-Z0-9_]*$/);
      if (!SAMPLES[name]) expect(e.message).toBe('the message');
    });
  }

  it('the abstract bases are bases of the compiler errors', () => {
    const compilerError = classes.get('CompilerError')!;
    expect(compilerError.prototype).toBeInstanceOf(BsmlError);
    for (const n of ['CompileOptionsError', 'RangeProofError', 'StackLimitError', 'WitnessError', 'ArtifactError']) expect(classes.get(n)!.prototype).toBeInstanceOf(compilerError);
  });

  it('the listed exceptions exist (drop them from NOT_BSML once they extend BsmlError)', () => {
    for (const n of Object.keys(NOT_BSML)) {
      expect(classes.has(n), n).toBe(true);
      expect(classes.get(n)!.prototype instanceof BsmlError, n).toBe(false);
    }
  });
});

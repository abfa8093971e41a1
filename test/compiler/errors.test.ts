import { describe, expect, it } from 'vitest';
import { ArtifactError, CompileOptionsError, CompilerError, RangeProofError, StackLimitError, WitnessError } from '../../src/compiler/errors.js';

describe('compiler errors', () => {
  it.each([
    [new CompileOptionsError('m1'), 'CompileOptionsError', 'BAD_OPTIONS', CompileOptionsError],
    [new RangeProofError('m2', 1, 2), 'RangeProofError', 'RANGE_PROOF', RangeProofError],
    [new StackLimitError('m3'), 'StackLimitError', 'STACK_LIMIT', StackLimitError],
    [new WitnessError('m4'), 'WitnessError', 'BAD_WITNESS_INPUT', WitnessError],
    [new ArtifactError('m5'), 'ArtifactError', 'BAD_ARTIFACT', ArtifactError],
  ] as const)('%s keeps its name, code and message, and shares the CompilerError base', (e, name, code, cls) => {
    expect(e).toBeInstanceOf(cls);
    expect(e).toBeInstanceOf(CompilerError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe(name);
    expect(e.code).toBe(code);
    expect(String(e)).toBe(`${name}: ${e.message}`);
    expect(e.stack!.split('\n')[0]).toBe(`${name}: ${e.message}`);
    // The same own properties, in the same order, as before the shared base.
    // (ArtifactError's `field`, the program.json field to blame, came later: it goes first too.)
    const own = e instanceof RangeProofError ? ['layer', 'neuron', 'code', 'name'] : e instanceof ArtifactError ? ['field', 'code', 'name'] : ['code', 'name'];
    expect(Object.keys(e)).toEqual(own);
  });

  it('keeps the range proof location', () => {
    const e = new RangeProofError('neuron 3 of layer 1 overflows', 1, 3);
    expect([e.message, e.layer, e.neuron]).toEqual(['neuron 3 of layer 1 overflows', 1, 3]);
  });

  it('tells the classes apart', () => {
    expect(new StackLimitError('x')).not.toBeInstanceOf(RangeProofError);
    expect(new WitnessError('x')).not.toBeInstanceOf(ArtifactError);
  });
});

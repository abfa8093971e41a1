/** The package root exports what a library user needs to compile a model, not only to run scripts. */
import { describe, expect, it } from 'vitest';
import * as bsml from '../../src/index.js';

describe('package root exports', () => {
  it('the compiler pipeline and its errors', () => {
    for (const name of ['compileModel', 'quantize', 'buildWitness', 'buildWitnesses', 'runWitnesses', 'readOutDir', 'writeOutDir', 'validateModel', 'parseModel', 'inputSize']) {
      expect(typeof (bsml as Record<string, unknown>)[name], name).toBe('function');
    }
    for (const name of ['CompileOptionsError', 'RangeProofError', 'StackLimitError', 'WitnessError', 'ArtifactError', 'ModelError']) {
      const C = (bsml as Record<string, unknown>)[name] as { prototype: unknown };
      expect(C.prototype instanceof bsml.BsmlError, name).toBe(true);
    }
  });

  it('a model compiled through the root API runs on the root evaluate', () => {
    const model = bsml.validateModel({
      format: 'bsml-model',
      version: 1,
      input: { shape: [2], range: [0, 1] },
      layers: [{ type: 'dense', weights: [[1, -1], [0.5, 0.25]], bias: [0, 0], activation: 'none' }],
    });
    const c = bsml.compileModel(model, {});
    expect(c.code.script.length).toBeGreaterThan(0);
  });
});

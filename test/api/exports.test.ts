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

  it('the defaults, exported, are what the functions use when an option is left out', () => {
    const model = bsml.validateModel({
      format: 'bsml-model',
      version: 1,
      input: { shape: [2], range: [0, 1] },
      layers: [{ type: 'dense', weights: [[1, -1], [0.5, 0.25]], bias: [0, 0], activation: 'none' }],
    });
    const o = bsml.compileModel(model).options;
    const d = bsml.COMPILE_DEFAULTS;
    expect({ target: o.target, weights: o.weights, fracBits: o.fracBitsMode, rescale: o.rescale, output: bsml.outputModeName(o.output) }).toEqual({ ...d });
    expect(bsml.compileModel(model, { ...d }).code.script).toEqual(bsml.compileModel(model).code.script);
    const spend = bsml.buildScriptPathSpend({
      leafScript: Uint8Array.of(0x51),
      witnessItems: [],
      utxo: { txid: 'aa'.repeat(32), vout: 0, amount: 50_000n },
      to: 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5',
      feeRate: 1,
    });
    expect([spend.tx.ins[0]!.sequence, spend.tx.locktime]).toEqual([bsml.DEFAULT_SPEND_SEQUENCE, bsml.DEFAULT_SPEND_LOCKTIME]);
    expect(bsml.REPORT_SWEEP_GRID).toEqual({ ...bsml.DEFAULT_SWEEP_GRID, rescale: ['hint'] });
    expect(bsml.ZEROED_WEIGHTS_THRESHOLD.int8).toBe(0.5);
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

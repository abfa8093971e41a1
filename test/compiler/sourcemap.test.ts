/**
 * The compiler's source map says what every piece of code is: each input's range check, each
 * layer's shared digit pairs and its end, each neuron, the output check. The debugger's labels
 * come from it and never print a missing field.
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/compiler/compile.js';
import { OP } from '../../src/script/opcodes.js';
import { decodeOps } from '../../src/debug/session.js';
import { describeSource, sourceRangesFromBytes } from '../../src/debug/sourcemap.js';
import { loadModel } from '../../src/models/load.js';

const iris = loadModel(new URL('../fixtures/models/iris_mlp_4_8_3.onnx', import.meta.url).pathname, { inputRange: [0, 8] });

describe('source map', () => {
  for (const strategy of ['best', 'shared', 'horner'] as const) {
    for (const rescale of ['hint', 'pure'] as const) {
      it(`${strategy}, ${rescale}: every entry is complete, and each input has one range check entry over exactly its check`, () => {
        const c = compileModel(iris, { strategy, rescale, fracBits: 4 });
        const map = c.code.sourceMap;
        const script = c.code.script;
        for (const { start, end, source: s } of map) {
          expect(start).toBeLessThanOrEqual(end);
          if (s.what === 'neuron') expect(Number.isInteger(s.neuron), JSON.stringify(s)).toBe(true);
          if (s.what === 'shared' || s.what === 'layer-end') {
            expect(s.neuron).toBeUndefined();
            expect(s.layer).toBeGreaterThanOrEqual(0);
          }
        }
        if (strategy === 'shared') expect(map.some((m) => m.source.what === 'shared')).toBe(true);
        expect(map.some((m) => m.source.what === 'layer-end')).toBe(true);
        const checks = map.filter((m) => m.source.what === 'check-input');
        expect(checks.map((m) => m.source.neuron).sort()).toEqual([0, 1, 2, 3]);
        for (const m of checks) {
          // DUP <lo> <hi+1> WITHIN VERIFY
          expect(script[m.start]).toBe(OP.OP_DUP);
          expect(script[m.end - 2]).toBe(OP.OP_WITHIN);
          expect(script[m.end - 1]).toBe(OP.OP_VERIFY);
        }
        // Every instruction has a label, and no label prints a missing field.
        const ops = decodeOps(script);
        const ranges = sourceRangesFromBytes(map, ops);
        for (const op of ops) expect(ranges.some((r) => op.index >= r.from && op.index <= r.to), `#${op.index}`).toBe(true);
        for (const r of ranges) expect(r.label).not.toMatch(/undefined|NaN/);
        const labels = new Set(ranges.map((r) => r.label));
        expect(labels).toContain('input 0 range check');
        expect(labels).toContain('end of layer 0');
        expect(labels).toContain('layer 1 neuron 2');
        expect(labels).toContain('output');
      });
    }
  }

  it('labels: what the code is, and never a missing field (older program.json files)', () => {
    expect(describeSource({ layer: 0, neuron: 3, what: 'neuron' })).toBe('layer 0 neuron 3');
    expect(describeSource({ layer: 1, what: 'shared' })).toBe('layer 1 shared digit pairs');
    expect(describeSource({ layer: 1, what: 'layer-end' })).toBe('end of layer 1');
    expect(describeSource({ layer: -1, neuron: 2, what: 'check-input' })).toBe('input 2 range check');
    expect(describeSource({ layer: -1, what: 'check-input' })).toBe('input checks');
    expect(describeSource({ layer: -1, what: 'output' })).toBe('output');
    // What a compile before this change wrote for shared values and layer ends.
    expect(describeSource({ layer: 0, what: 'neuron' })).toBe('layer 0');
    expect(describeSource({ layer: 2, what: 'mystery' })).toBe('mystery (layer 2)');
    expect(describeSource({ layer: -1, what: 'mystery' })).toBe('mystery');
  });
});

/**
 * docs/errors.md "Compiled programs": a hand-edited or corrupt OUT_DIR/program.json is refused when
 * it is loaded, by the library (ArtifactError naming the file and the field) and by every command
 * that reads it (witness, eval, debug, taproot, spend: exit 2, one line), instead of a stack trace
 * from deep inside the witness builder or the integer reference.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOutDir, writeOutDir } from '../../src/compiler/artifact.js';
import { compileModel } from '../../src/compiler/compile.js';
import { ArtifactError, WitnessError } from '../../src/compiler/errors.js';
import { evaluateProgram } from '../../src/compiler/evaluate.js';
import { validateModel } from '../../src/models/validate.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';
import { TINY_MODEL } from '../helpers/tiny-model.js';

const model = validateModel(TINY_MODEL);

const dir = tempDir('program-file');
const good = join(dir, 'good');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => {
  writeOutDir(good, compileModel(model, { fracBits: 3 }));
  writeFileSync(join(dir, 'data.csv'), 'a,b,c,label\n1,2,3,1\n');
});

type Json = Record<string, any>;

/** A copy of the good OUT_DIR with program.json edited by `edit` (or script.hex by `hex`). */
function corrupt(name: string, edit: (p: Json) => void, hex?: (h: string) => string): string {
  const out = join(dir, name);
  cpSync(good, out, { recursive: true });
  const p = JSON.parse(readFileSync(join(out, 'program.json'), 'utf8')) as Json;
  edit(p);
  writeFileSync(join(out, 'program.json'), JSON.stringify(p));
  if (hex) writeFileSync(join(out, 'script.hex'), hex(readFileSync(join(out, 'script.hex'), 'utf8').trim()) + '\n');
  return out;
}

/** Edits of program.json (or script.hex), the field the error must name, and the message. */
const CASES: [string, (p: Json) => void, string, string, ((h: string) => string)?][] = [
  ['input-index', (p) => (p.witness[1] = { kind: 'input', index: 99 }), 'witness[1]', 'witness[1]: input index 99 is out of range (the model has 3 inputs)'],
  ['witness-kind', (p) => (p.witness[0].kind = 'bogus'), 'witness[0].kind', 'witness[0].kind: expected "claim", "input", "hint", "leaky-hint", got "bogus"'],
  ['no-layers', (p) => (p.quantized.layers = []), 'quantized.layers', 'quantized.layers: expected a non-empty array'],
  ['input-frac', (p) => (p.quantized.inputFrac = 'a'), 'quantized.inputFrac', 'quantized.inputFrac: expected an integer, got "a"'],
  ['no-options', (p) => delete p.options, 'options', 'options: expected an object, got nothing'],
  ['empty-script', (p) => (p.scriptHex = ''), 'scriptHex', 'scriptHex: expected the script as non-empty hex, got an empty string'],
  ['weights', (p) => p.quantized.layers[1].weights[2].pop(), 'quantized.layers[1].weights[2]', "quantized.layers[1].weights[2]: expected 2 weights (this layer's input count), got 1"],
  ['hint', (p) => (p.witness[1] = { kind: 'hint', layer: 5, neuron: 0 }), 'witness[1]', 'witness[1]: hint of layer 5, but the model has 2 dense layers'],
  ['missing-input', (p) => p.witness.pop(), 'witness', 'witness: input '],
  ['model', (p) => (p.model.layers[0].bias = [0]), 'model.layers[0].bias', 'model.layers[0].bias: expected 2 entries (rows of weights), got 1'],
  ['output-mode', (p) => (p.outputMode = { kind: 'assert-class', cls: 7 }), 'outputMode.cls', 'outputMode.cls: 7 is outside 0..2'],
  ['script-hex-edited', () => {}, 'scriptHex', 'scriptHex (', (h) => h.slice(0, -2) + (h.endsWith('87') ? '88' : '87')],
  ['script-json-edited', (p) => (p.scriptHex = p.scriptHex.slice(0, -2) + (p.scriptHex.endsWith('87') ? '88' : '87')), 'scriptHex', 'is not the script in'],
];

const SPEND = ['--utxo', '1111111111111111111111111111111111111111111111111111111111111111:0:50000', '--to', 'bc1p2wsldez5mud2yam29q22wgfh9439spgduvct83k3pm50fcxa5dps59h4z5', '--fee-rate', '2'];
const commands = (out: string, data: string): string[][] => [
  ['witness', out, '--input', '1,2,3'],
  ['eval', out, '--data', data, '--engine', 'ts'],
  ['debug', out, '--input', '1,2,3', '--trace'],
  ['taproot', out],
  ['spend', out, '--input', '1,2,3', ...SPEND],
];

describe('compiled programs', () => {
  it('the unedited OUT_DIR works with every command', async () => {
    for (const args of commands(good, join(dir, 'data.csv'))) {
      const r = await runCli(args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
    }
  });

  it('lib-program-field', () => {
    for (const [name, edit, field, message, hex] of CASES) {
      const out = corrupt(name, edit, hex);
      const e = thrown(() => readOutDir(out));
      expect(e, name).toBeInstanceOf(ArtifactError);
      expect(e.code).toBe('BAD_ARTIFACT');
      expect((e as ArtifactError).field, name).toBe(field);
      expect(e.message.startsWith(`${join(out, 'program.json')}: `), e.message).toBe(true);
      expect(e.message, name).toContain(message);
    }
  });

  it('a field value from the file is echoed with its control characters escaped (DEL and C1 too)', () => {
    const out = corrupt('control', (p) => {
      p.quantized.inputFrac = ['a\u009b2J\u007f'];
    });
    const e = thrown(() => readOutDir(out)) as ArtifactError;
    expect(e.field).toBe('quantized.inputFrac');
    expect(e.message).toBe(`${join(out, 'program.json')}: quantized.inputFrac: expected an integer, got ["a\\u009b2J\\u007f"]`);
  });

  it('lib-program-script-differs', () => {
    const out = corrupt('differs', () => {}, (h) => h + '51');
    const e = thrown(() => readOutDir(out)) as ArtifactError;
    expect(e.field).toBe('scriptHex');
    expect(e.message).toMatch(/program\.json: scriptHex \(\d+ bytes\) is not the script in .*script\.hex \(\d+ bytes; they differ from byte \d+\); recompile/);
  });

  // Over no rows every agreement was reported as 1 (100%) and every accuracy as n/a; bsml eval
  // refused such a file itself, the library did not.
  it('lib-eval-no-rows', () => {
    const p = readOutDir(good);
    for (const labels of [undefined, []]) {
      const e = thrown(() => evaluateProgram(p, [], labels, 'ts'));
      expect(e).toBeInstanceOf(WitnessError);
      expect(e.code).toBe('BAD_WITNESS_INPUT');
      expect(e.message).toBe('no data rows to evaluate (an agreement over zero rows means nothing)');
    }
    expect(evaluateProgram(p, [[1, 2, 3]], [1], 'ts')).toMatchObject({ rows: 1, script_reference_agreement: 1 });
  });

  // A labels array shorter than the rows counted the rows without a label as wrong (accuracy 50%
  // here); a longer one was read in part. Either is a caller's mistake, refused with both lengths.
  it('lib-eval-labels-length', () => {
    const p = readOutDir(good);
    const rows = [[1, 2, 3], [1, 2, 3]];
    for (const [labels, got] of [[[1], 1], [[1, 1, 1], 3], [[], 0]] as const) {
      const e = thrown(() => evaluateProgram(p, rows, labels, 'ts'));
      expect(e).toBeInstanceOf(WitnessError);
      expect(e.code).toBe('BAD_WITNESS_INPUT');
      expect(e.message).toBe(`expected 2 labels (one per data row), got ${got}`);
    }
    expect(evaluateProgram(p, rows, [1, 1], 'ts')).toMatchObject({ rows: 2, labeled: true });
  });

  for (const [name, edit, , message, hex] of CASES) {
    it(`${name}: witness, eval, debug, taproot and spend refuse with one line naming the file and field (exit 2)`, async () => {
      const out = corrupt(`cli-${name}`, edit, hex);
      for (const args of commands(out, join(dir, 'data.csv'))) {
        const r = await runCli(args);
        expect(r.code, `${args[0]}: ${r.stderr}${r.stdout}`).toBe(2);
        expect(r.stderr.trimEnd().split('\n'), args[0]).toHaveLength(1);
        expect(r.stderr, args[0]).toContain(`bsml ${args[0]}: ${join(out, 'program.json')}: `);
        expect(r.stderr, args[0]).toContain(message);
        expect(r.stdout).toBe('');
      }
    });
  }
});

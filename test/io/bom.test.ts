/**
 * A UTF-8 byte-order mark at the start of a file people edit or export (Windows editors, "CSV UTF-8"
 * from spreadsheets) is read past: model JSON, a vectors file, program.json and CSV data. JSON.parse
 * refused such a file ("Unexpected token '\uFEFF'", the invisible character quoted); CSV cells are
 * trimmed, and trimming removes U+FEFF, so CSV already read it (kept here as a guard).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseModel } from '../../src/models/validate.js';
import { parseNumericCsv } from '../../src/models/csv.js';
import { readOutDir } from '../../src/compiler/artifact.js';
import { runCli, tempDir } from '../helpers/cli.js';

const BOM = '\uFEFF';
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const newDir = () => {
  const d = tempDir('bom');
  dirs.push(d);
  return d;
};
const MODEL = '{"format":"bsml-model","version":1,"input":{"shape":[2],"range":[0,1]},"layers":[{"type":"dense","weights":[[1,1],[1,-1]],"bias":[0,0]}]}';

describe('a leading byte-order mark', () => {
  it('model JSON: parsed as without it', () => {
    expect(parseModel(BOM + MODEL)).toEqual(parseModel(MODEL));
  });

  it('CSV: not part of the first column name', () => {
    const t = parseNumericCsv(`${BOM}x0,x1,label\n0.5,0.25,0\n`, 'd.csv');
    expect(t.columns).toEqual(['x0', 'x1', 'label']);
    expect(t.rows).toEqual([[0.5, 0.25, 0]]);
  });

  it('bsml compile reads a model file with one, and readOutDir a program.json with one', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'm.json'), BOM + MODEL);
    const r = await runCli(['compile', join(dir, 'm.json'), '-o', join(dir, 'out')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const program = join(dir, 'out', 'program.json');
    const before = readOutDir(join(dir, 'out'));
    writeFileSync(program, BOM + readFileSync(program, 'utf8'));
    expect(readOutDir(join(dir, 'out')).file).toEqual(before.file);
  });

  it('bsml vectors reads a vectors file with one', async () => {
    const dir = newDir();
    writeFileSync(join(dir, 'v.json'), `${BOM}[["1", "1", "P2SH", "OK", "a comment"]]`);
    const r = await runCli(['vectors', join(dir, 'v.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});

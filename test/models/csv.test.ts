import { describe, expect, it } from 'vitest';
import { CsvError, parseNumericCsv, toDataset } from '../../src/models/csv.js';

function err(f: () => unknown): CsvError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvError);
    return e as CsvError;
  }
  throw new Error('expected a CsvError');
}

describe('numeric CSV', () => {
  it('parses header and rows, skipping empty lines and trimming', () => {
    const t = parseNumericCsv('a, b\r\n1,2.5\n\n -3 ,4e-1\n', 'x.csv');
    expect(t.columns).toEqual(['a', 'b']);
    expect(t.rows).toEqual([[1, 2.5], [-3, 0.4]]);
    expect(t.lines).toEqual([2, 4]);
  });

  it('names the line and column of a bad field', () => {
    const e = err(() => parseNumericCsv('a,b\n1,2\n3,x\n', 'd.csv'));
    expect(e.code).toBe('CSV_VALUE');
    expect(e.message).toBe('d.csv: line 3, column "b": "x" is not a decimal number');
    expect(err(() => parseNumericCsv('a,b\n1,\n')).code).toBe('CSV_VALUE');
  });

  it('escapes control characters (C0, DEL, C1) of the column names and fields it echoes', () => {
    expect(err(() => parseNumericCsv('a\u007f,a\u007f\n1,2\n', 'd.csv')).message).toBe('d.csv: line 1: column name "a\\u007f" appears twice');
    expect(err(() => parseNumericCsv('a,b\u0085c\n1,x\u009b2J\u001b\n', 'd.csv')).message).toBe('d.csv: line 2, column "b\\u0085c": "x\\u009b2J\\u001b" is not a decimal number');
  });

  it('rejects ragged rows, empty files, bad headers and broken quoting', () => {
    expect(err(() => parseNumericCsv('a,b\n1,2,3\n', 'r.csv')).message).toBe('r.csv: line 2: 3 fields, but the header has 2');
    expect(err(() => parseNumericCsv('')).code).toBe('CSV_SHAPE');
    expect(err(() => parseNumericCsv('a,a\n1,2\n')).code).toBe('CSV_SHAPE');
    // A first row of numbers is a file without a header (its first sample would become column names)...
    expect(err(() => parseNumericCsv('\n5,3.3,1.4,0.2,0\n1,2,3,4,5\n', 'n.csv')).message).toBe(
      "n.csv: line 2: the first row is numbers (5,3.3,1.4,0.2,…), not column names; the file needs a header row (the inputs' names, then label)",
    );
    expect(err(() => parseNumericCsv('2,1\n3,4\n')).code).toBe('CSV_SHAPE');
    expect(err(() => parseNumericCsv('400,410,420\n1,2,3\n')).code).toBe('CSV_SHAPE');
    // ...unless it is 0, 1, 2, … (pandas' names for unnamed columns) or 1, 2, 3, …; one named column makes it a header.
    expect(parseNumericCsv('0,1,2\n5,6,7\n').columns).toEqual(['0', '1', '2']);
    expect(parseNumericCsv('1,2,3\n5,6,7\n').rows).toEqual([[5, 6, 7]]);
    expect(parseNumericCsv('0,1,label\n5,6,1\n').rows).toEqual([[5, 6, 1]]);
    expect(err(() => parseNumericCsv('a,b\n1,"2\n')).code).toBe('CSV_SYNTAX');
  });

  it('splits inputs, labels and logits', () => {
    const t = parseNumericCsv('x0,x1,label,logit0,logit1,extra\n1,2,1,0.5,-0.5,9\n3,4,0,1,2,9\n');
    const ds = toDataset(t, 2);
    expect(ds.inputs).toEqual([[1, 2], [3, 4]]);
    expect(ds.labels).toEqual([1, 0]);
    expect(ds.logits).toEqual([[0.5, -0.5], [1, 2]]);
    expect(toDataset(parseNumericCsv('a,b\n1,2\n'), 2).labels).toBeUndefined();
  });

  it('rejects too few columns, inputs overlapping label, and non-class labels', () => {
    expect(err(() => toDataset(parseNumericCsv('a,b\n1,2\n'), 3)).code).toBe('CSV_COLUMN');
    expect(err(() => toDataset(parseNumericCsv('a,label\n1,2\n'), 2)).code).toBe('CSV_COLUMN');
    expect(err(() => toDataset(parseNumericCsv('a,label\n1,0.5\n', 'l.csv'), 1)).message).toBe('l.csv: line 2, column "label": 0.5 is not a class index');
    // With the model's class count, a label at or above it is refused too.
    expect(toDataset(parseNumericCsv('a,label\n1,2\n'), 1).labels).toEqual([2]);
    expect(toDataset(parseNumericCsv('a,label\n1,2\n'), 1, 3).labels).toEqual([2]);
    expect(err(() => toDataset(parseNumericCsv('a,label\n1,0\n2,3\n', 'l.csv'), 1, 3)).message).toBe('l.csv: line 3, column "label": 3 is not a class index (the model has 3 classes, 0 to 2)');
  });
});

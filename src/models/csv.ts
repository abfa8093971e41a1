/**
 * Numeric CSV data sets: a header row, then one row of numbers per sample. Tokenizing is done by
 * `csv-parse`; this module adds the checks (every field a finite decimal number, every row as wide as the
 * header) and errors that name the file, the line and the column.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { BsmlError } from '../errors.js';
import { nonFiniteReason, parseDecimal } from '../io/decimal.js';
import { quote } from '../io/quote.js';

/** Stable codes of {@link CsvError}. */
export type CsvErrorCode = 'CSV_READ' | 'CSV_SYNTAX' | 'CSV_SHAPE' | 'CSV_VALUE' | 'CSV_COLUMN';

/** A CSV file that cannot be used: names the file, and the line and column when there is one. */
export class CsvError extends BsmlError {
  override readonly name = 'CsvError';
  constructor(
    readonly code: CsvErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** A parsed numeric CSV: column names from the header, and rows of finite numbers. */
export interface NumericTable {
  /** Where it came from (file path or a label), used in error messages. */
  source: string;
  columns: string[];
  rows: number[][];
  /** The 1-based source line of each row (for error messages about a row). */
  lines: number[];
}

/**
 * Parses CSV text whose header names the columns and whose every other field is a finite number.
 * Empty lines are skipped; fields are trimmed.
 * @throws {@link CsvError} naming the line and column of the first bad field or row.
 */
export function parseNumericCsv(text: string, source = '<csv>'): NumericTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, record_delimiter: ['\r\n', '\n', '\r'], relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (e) {
    const err = e as { message: string; lines?: number };
    throw new CsvError('CSV_SYNTAX', `${source}${err.lines ? `: line ${err.lines}` : ''}: ${err.message}`);
  }
  if (records.length === 0) throw new CsvError('CSV_SHAPE', `${source}: empty file (expected a header row)`);
  const columns = records[0]!.record;
  // A file without a header would have its first sample taken for column names: refuse a header of
  // numbers only, except generated names: 0, 1, 2, … (pandas' for unnamed columns) or 1, 2, 3, ….
  const numbered = (from: number) => columns.every((name, i) => name.trim() === String(i + from));
  if (columns.every((name) => Number.isFinite(parseDecimal(name))) && !numbered(0) && !numbered(1)) {
    throw new CsvError(
      'CSV_SHAPE',
      `${source}: line ${records[0]!.info.lines}: the first row is numbers (${columns.slice(0, 4).join(',')}${columns.length > 4 ? ',…' : ''}), not column names; the file needs a header row (the inputs' names, then label)`,
    );
  }
  const seen = new Set<string>();
  columns.forEach((name, i) => {
    if (name === '') throw new CsvError('CSV_SHAPE', `${source}: line ${records[0]!.info.lines}: header column ${i + 1} has no name`);
    if (seen.has(name)) throw new CsvError('CSV_SHAPE', `${source}: line ${records[0]!.info.lines}: column name ${quote(name)} appears twice`);
    seen.add(name);
  });
  const rows: number[][] = [];
  const lines: number[] = [];
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    if (record.length !== columns.length) {
      throw new CsvError('CSV_SHAPE', `${source}: line ${info.lines}: ${record.length} fields, but the header has ${columns.length}`);
    }
    rows.push(
      record.map((field, c) => {
        const v = parseDecimal(field);
        if (!Number.isFinite(v)) {
          throw new CsvError('CSV_VALUE', `${source}: line ${info.lines}, column ${quote(columns[c]!)}: ${quote(field)} is ${nonFiniteReason(v)}`);
        }
        return v;
      }),
    );
    lines.push(info.lines);
  }
  return { source, columns, rows, lines };
}

/** Reads and parses a numeric CSV file (see {@link parseNumericCsv}). */
export function readNumericCsv(path: string): NumericTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CsvError('CSV_READ', `${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return parseNumericCsv(text, path);
}

/** The index of a named column, or -1 when absent. */
export function columnIndex(table: NumericTable, name: string): number {
  return table.columns.indexOf(name);
}

/** A data set for a model with `inputSize` inputs: inputs per row, and labels / reference logits when the file has them. */
export interface Dataset {
  source: string;
  inputs: number[][];
  /** The `label` column (class indices), when present. */
  labels?: number[];
  /** The `logit0..logitK-1` columns (a reference's outputs), when present. */
  logits?: number[][];
}

/**
 * Splits a table into a data set for a model with `inputSize` inputs: the first `inputSize` columns
 * are the inputs in model order (row-major); a column named `label` holds the true class (a
 * non-negative integer, below `classes` when given); columns `logit0`, `logit1`, … hold reference
 * logits. Other columns are ignored.
 * @throws {@link CsvError} when there are too few columns, the inputs overlap `label`/`logitK`, or a label is not a class index.
 */
export function toDataset(table: NumericTable, inputSize: number, classes?: number): Dataset {
  const { source, columns, rows, lines } = table;
  if (columns.length < inputSize) {
    throw new CsvError('CSV_COLUMN', `${source}: the model has ${inputSize} inputs but the file has only ${columns.length} columns`);
  }
  const reserved = columns.slice(0, inputSize).findIndex((c) => c === 'label' || /^logit\d+$/.test(c));
  if (reserved >= 0) {
    throw new CsvError('CSV_COLUMN', `${source}: column ${reserved + 1} (${quote(columns[reserved]!)}) is among the first ${inputSize} columns, which must be the model's inputs`);
  }
  const ds: Dataset = { source, inputs: rows.map((r) => r.slice(0, inputSize)) };
  const li = columnIndex(table, 'label');
  if (li >= 0) {
    ds.labels = rows.map((r, i) => {
      const v = r[li]!;
      if (!Number.isInteger(v) || v < 0 || (classes !== undefined && v >= classes)) {
        const of = classes === undefined ? '' : ` (the model has ${classes} classes, 0 to ${classes - 1})`;
        throw new CsvError('CSV_VALUE', `${source}: line ${lines[i]}, column "label": ${v} is not a class index${of}`);
      }
      return v;
    });
  }
  const logitCols: number[] = [];
  for (let k = 0; columnIndex(table, `logit${k}`) >= 0; k++) logitCols.push(columnIndex(table, `logit${k}`));
  if (logitCols.length) ds.logits = rows.map((r) => logitCols.map((c) => r[c]!));
  return ds;
}

/** Reads a CSV file as a data set for a model with `inputSize` inputs and, when given, `classes` classes (see {@link toDataset}). */
export function readDataset(path: string, inputSize: number, classes?: number): Dataset {
  return toDataset(readNumericCsv(path), inputSize, classes);
}

/** The first `n` rows of a data set (all of them when `n` is undefined or larger). */
export function firstRows(ds: Dataset, n?: number): Dataset {
  if (n === undefined || n >= ds.inputs.length) return ds;
  const out: Dataset = { ...ds, inputs: ds.inputs.slice(0, n) };
  if (ds.labels) out.labels = ds.labels.slice(0, n);
  if (ds.logits) out.logits = ds.logits.slice(0, n);
  return out;
}

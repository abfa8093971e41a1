/** Reads the tables of docs/errors.md: one row per bad input, keyed by its id. */
import { readFileSync } from 'node:fs';

export interface ErrorRow {
  id: string;
  /** The remaining cells, backticks removed. */
  cells: string[];
}

const unquote = (c: string) => c.trim().replace(/^`(.*)`$/, '$1');

/** Every table row of docs/errors.md whose first cell is an id (`cli-…`, `lib-…`, `api-…`, `addon-…`). */
export function errorRows(): ErrorRow[] {
  const text = readFileSync('docs/errors.md', 'utf8');
  const rows: ErrorRow[] = [];
  for (const line of text.split('\n')) {
    const m = /^\|\s*([a-z]+-[a-z0-9-]+)\s*\|(.*)\|\s*$/.exec(line);
    if (!m) continue;
    rows.push({ id: m[1]!, cells: m[2]!.split(' | ').map(unquote) });
  }
  return rows;
}

/** Splits a command line: whitespace separates words, double quotes group them. */
export function splitCommand(cmd: string): string[] {
  const words: string[] = [];
  for (const m of cmd.matchAll(/"([^"]*)"|(\S+)/g)) words.push(m[1] ?? m[2]!);
  return words;
}

/** Every row of docs/errors.md has a test: CLI rows run from the table, the others by id. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorRows } from './table.js';

const tests = readdirSync('test/errors')
  .filter((f) => f.endsWith('.test.ts') && f !== 'table.test.ts' && f !== 'cli.test.ts')
  .map((f) => readFileSync(`test/errors/${f}`, 'utf8'))
  .join('\n');

describe('docs/errors.md', () => {
  const rows = errorRows();
  it('ids are unique', () => {
    const ids = rows.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('every library, API and addon row is a test title', () => {
    const missing = rows.filter((r) => !r.id.startsWith('cli-') && !tests.includes(`it('${r.id}'`)).map((r) => r.id);
    expect(missing).toEqual([]);
  });
  it('every test named like a row is in the table', () => {
    const named = [...tests.matchAll(/it\('((?:lib|api|addon)-[a-z0-9-]+)'/g)].map((m) => m[1]);
    const ids = new Set(rows.map((r) => r.id));
    expect(named.filter((n) => !ids.has(n!))).toEqual([]);
  });
});

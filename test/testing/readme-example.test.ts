/** Runs the checkEquivalence example of the README exactly as written (only import paths mapped). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const MARK = '<!-- example: checkEquivalence (run by test/testing/readme-example.test.ts) -->';

function extract(): string {
  const at = readme.indexOf(MARK);
  if (at < 0) throw new Error(`README has no "${MARK}"`);
  const m = /```js\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!m) throw new Error('no ```js block after the marker');
  return m[1]!;
}

const dir = mkdtempSync(join(tmpdir(), 'bsml-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('the README checkEquivalence example runs and prints what the README shows', async () => {
  const code = extract();
  const src = (p: string) => fileURLToPath(new URL(`../../src/${p}`, import.meta.url));
  const mapped = code.replace(/from 'bsml\/testing'/g, `from '${src('testing/index.ts')}'`).replace(/from 'bsml'/g, `from '${src('index.ts')}'`);
  expect(mapped).not.toBe(code);
  const file = join(dir, 'example.ts');
  writeFileSync(file, mapped);
  const logs: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void logs.push(a.map(String).join(' ')));
  await import(/* @vite-ignore */ pathToFileURL(file).href);
  vi.restoreAllMocks();
  expect(logs).toHaveLength(2);
  expect(logs[0]).toBe('2000 cases, 0 mismatches (seed 7)');
  // The second log is the counterexample the README shows, word for word.
  const shown = /<!-- output: buggy -->\n```\n([\s\S]*?)```/.exec(readme);
  expect(shown, 'README shows the output after <!-- output: buggy -->').not.toBeNull();
  expect(logs[1]!.trim()).toBe(shown![1]!.trim());
}, 120_000);

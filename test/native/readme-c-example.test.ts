/** The README's C API example is the file ctest builds and runs (native/examples/evaluate.c). */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

const MARK = '<!-- example: C API (native/examples/evaluate.c) -->';

it('the README shows native/examples/evaluate.c as it is', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const at = readme.indexOf(MARK);
  expect(at, `README has "${MARK}"`).toBeGreaterThan(-1);
  const block = /```c\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(block, 'a ```c block after the marker').not.toBeNull();
  const file = readFileSync(new URL('../../native/examples/evaluate.c', import.meta.url), 'utf8');
  expect(block![1]).toBe(file);
});

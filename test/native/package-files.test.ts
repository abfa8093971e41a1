/**
 * The npm package holds what the README's standalone build needs: `cmake -S native -B build/native`
 * and ctest read, besides native/ (shipped whole), the files the CMake lists name outside it.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, it } from 'vitest';

const root = resolve(new URL('../..', import.meta.url).pathname);

/** Files of the repository that a CMake list under native/ names through `${CMAKE_CURRENT_SOURCE_DIR}/..`, outside native/. */
function filesReadOutsideNative(): string[] {
  const lists = readdirSync(join(root, 'native'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('CMakeLists.txt'));
  const out = new Set<string>();
  for (const list of lists) {
    const dir = dirname(join(root, 'native', list));
    for (const m of readFileSync(join(root, 'native', list), 'utf8').matchAll(/\$\{CMAKE_CURRENT_SOURCE_DIR\}(\/[^\s)"]+)/g)) {
      const path = relative(root, join(dir, m[1]!));
      if (!path.startsWith('native/') && !path.startsWith('..') && path !== '' && statSync(join(root, path)).isFile()) out.add(path);
    }
  }
  return [...out].sort();
}

it('packs every file outside native/ that the standalone build and ctest read, and no other test file', () => {
  const read = filesReadOutsideNative();
  expect(read).toEqual(['test/fixtures/large_stacks.native.txt', 'test/fixtures/script_tests.native.txt']);
  const pack = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' })) as { files: { path: string }[] }[];
  const packed = new Set(pack[0]!.files.map((f) => f.path));
  expect(read.filter((f) => !packed.has(f))).toEqual([]);
  expect([...packed].filter((f) => f.startsWith('test/'))).toEqual(read);
}, 60_000);

#!/usr/bin/env node
/**
 * The package's `install` step: builds the native addon with cmake-js (no network: the Node-API
 * headers come from the node-api-headers package). When there is no compiler or CMake, prints one
 * line and exits 0 so that `npm install` still succeeds; bsml then runs on the TypeScript engine
 * (engine 'auto' says so once). Set BSML_SKIP_NATIVE=1 to skip the build.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (process.env.BSML_SKIP_NATIVE === '1') {
  process.stdout.write('bsml: BSML_SKIP_NATIVE=1, native addon not built\n');
  process.exit(0);
}
let cli;
try {
  cli = join(dirname(createRequire(join(root, 'package.json')).resolve('cmake-js/package.json')), 'bin', 'cmake-js');
} catch {
  process.stdout.write('bsml: cmake-js is not installed; native addon not built (the TypeScript engine will be used)\n');
  process.exit(0);
}
const r = spawnSync(process.execPath, [cli, 'compile', '--directory', root, '--out', join(root, 'build')], {
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
});
if (r.status === 0) {
  process.stdout.write('bsml: native addon built (build/Release/bsml_addon.node)\n');
} else {
  const log = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n');
  const why = log.reverse().find((l) => /error|not found/i.test(l)) ?? r.error?.message ?? `exit ${r.status}`;
  process.stdout.write(`bsml: native addon not built (${why.trim().slice(0, 200)}); the TypeScript engine will be used\n`);
  if (process.env.BSML_REQUIRE_NATIVE === '1') process.stdout.write(log.reverse().join('\n') + '\n');
}

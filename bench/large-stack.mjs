#!/usr/bin/env node
/**
 * Benchmark (not a test): the cost of large initial stacks through the engine API, TypeScript vs
 * native (`engine: 'ts' | 'native'`). Rows: `evaluate(script, stack)`, `verifyScript` of a P2WSH
 * spend whose witness is the stack plus the witness script, and `evaluateMany` over 16 such stacks
 * per call; stacks of 10, 100, 500 and 900 items of 1, 20 or 72 bytes; two scripts: `DEPTH DROP`
 * (every item passes through untouched) and `2DUP DROP DROP` (reads the top two items). Both
 * engines' results are compared (deep equality, and each result item the caller's own Uint8Array
 * exactly where the TypeScript engine returns one) before timing. Figures: microseconds of CPU per
 * evaluation, best of `--rounds` rounds (default 3), each round a fresh process per engine
 * (alternating ts, native), each row measured for `--seconds` CPU-seconds (default 0.2) after a
 * warm-up. Writes bench/results/large-stack.json and .md. Run `npm run build` first (it imports
 * dist/). Usage: node bench/large-stack.mjs [--seconds S] [--rounds R] [--only REGEX (row names)]
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { cpu, cpuSecondsPerCall } from './cpu-clock.mjs';

const root = new URL('../', import.meta.url);
const { evaluate, verifyScript, evaluateMany } = await import(new URL('dist/engine/index.js', root).href);
const { loadNative, nativeLoadError } = await import(new URL('dist/engine/native.js', root).href);
const { parseCoreAsm } = await import(new URL('dist/script/asm.js', root).href);
const { FLAGS } = await import(new URL('dist/vm/flags.js', root).href);

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const seconds = Number(arg('--seconds', '0.2'));
const rounds = Number(arg('--rounds', '3'));
const only = arg('--only') ? new RegExp(arg('--only')) : undefined;

// CPU-seconds per call of f, over about `seconds` of this process's CPU time.
const perCall = (f) => cpuSecondsPerCall(f, seconds);

const SCRIPTS = { 'DEPTH DROP': parseCoreAsm('DEPTH DROP'), '2DUP DROP DROP': parseCoreAsm('2DUP DROP DROP') };
const SIZES = [10, 100, 500, 900];
const ITEM_BYTES = [1, 20, 72];
const MANY = 16;
const P2WSH_FLAGS = FLAGS.P2SH | FLAGS.WITNESS;

// Item k of a stack: `bytes` bytes, not all zero (the top one is true), differing between items.
const makeStack = (n, bytes, salt = 0) => Array.from({ length: n }, (_, k) => new Uint8Array(bytes).fill(((k + salt) % 255) + 1));

const rows = [];
for (const [scriptName, script] of Object.entries(SCRIPTS)) {
  const spk = Uint8Array.of(0x00, 0x20, ...createHash('sha256').update(script).digest());
  for (const n of SIZES) {
    for (const bytes of ITEM_BYTES) {
      const stack = makeStack(n, bytes);
      const witness = [...stack, script];
      const stacks = Array.from({ length: MANY }, (_, i) => makeStack(n, bytes, i));
      const at = `${n} items of ${bytes} B`;
      rows.push(
        { name: `evaluate, ${scriptName}, ${at}`, units: 1, run: (engine) => evaluate(script, stack, { engine }), input: () => stack },
        {
          name: `verifyScript (P2WSH), ${scriptName}, ${at}`,
          units: 1,
          run: (engine) => verifyScript(new Uint8Array(0), spk, { witness, flags: P2WSH_FLAGS, engine }),
          input: () => witness,
        },
        { name: `evaluateMany (${MANY} stacks), ${scriptName}, ${at}`, units: MANY, run: (engine) => evaluateMany(script, stacks, { engine }), input: () => stacks.flat() },
      );
    }
  }
}
const selected = rows.filter((r) => !only || only.test(r.name));

// A result without keys whose value is undefined (a guard only: no engine's result has one since
// test/engine/result-shape.test.ts; vitest's toEqual ignores such keys too).
const plain = (r) => (Array.isArray(r) ? r.map(plain) : Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

// True when every result item is the caller's own Uint8Array exactly where the other engine's is.
function sameIdentity(a, b, inputs) {
  const items = (r) => (Array.isArray(r) ? r.flatMap(items) : [...r.stack, ...r.altstack]);
  const x = items(a);
  const y = items(b);
  const own = new Set(inputs);
  return x.length === y.length && x.every((u, i) => own.has(u) === own.has(y[i]) && (!own.has(u) || u === y[i]));
}

const child = process.argv.indexOf('--child');
if (child > 0) {
  const engine = process.argv[child + 1];
  const out = {};
  for (const r of selected) {
    const warm = cpu();
    do r.run(engine);
    while (cpu() - warm < Math.min(0.2, seconds));
    out[r.name] = perCall(() => r.run(engine)) / r.units;
  }
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

if (!loadNative()) {
  process.stderr.write(`large-stack: the native engine is not available: ${nativeLoadError()}\n`);
  process.exit(2);
}
for (const r of selected) {
  const t = r.run('ts');
  const n = r.run('native');
  if (!isDeepStrictEqual(plain(t), plain(n))) throw new Error(`${r.name}: the engines disagree`);
  if (!sameIdentity(t, n, r.input())) throw new Error(`${r.name}: the engines return the caller's arrays at different places`);
}

function measure(engine) {
  const args = [fileURLToPath(import.meta.url), '--seconds', String(seconds), '--child', engine, ...(only ? ['--only', only.source] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`large-stack child (${engine}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

const best = { ts: {}, native: {} };
for (let round = 0; round < rounds; round++) {
  for (const engine of ['ts', 'native']) {
    const m = measure(engine);
    for (const [k, v] of Object.entries(m)) best[engine][k] = Math.min(best[engine][k] ?? Infinity, v);
  }
  process.stderr.write(`round ${round + 1}/${rounds} done\n`);
}
const us = (s) => Number((s * 1e6).toFixed(2));
const result = selected.map((r) => ({ row: r.name, tsMicros: us(best.ts[r.name]), nativeMicros: us(best.native[r.name]), nativeOverTs: Number((best.ts[r.name] / best.native[r.name]).toFixed(2)) }));
const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
const json = { date: new Date().toISOString(), machine, cpuSecondsPerRow: seconds, rounds, rows: result };
const md = [
  '| row | TypeScript (µs CPU per evaluation) | native (µs CPU per evaluation) | speed native / TS |',
  '| --- | ---: | ---: | ---: |',
  ...result.map((r) => `| ${r.row} | ${r.tsMicros} | ${r.nativeMicros} | ${r.nativeOverTs}× |`),
  '',
  `Best of ${rounds} rounds (a fresh process per engine and round, alternating), ${seconds} CPU-s per row; \`node bench/large-stack.mjs\` on ${machine}, ${json.date.slice(0, 10)}.`,
].join('\n');
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(new URL('bench/results/large-stack.json', root), JSON.stringify(json, null, 2) + '\n');
writeFileSync(new URL('bench/results/large-stack.md', root), md + '\n');
process.stdout.write(md + '\n');

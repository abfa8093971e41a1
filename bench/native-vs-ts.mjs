#!/usr/bin/env node
/**
 * Benchmark (not a test): evaluations per second of the native engine vs the TypeScript engine,
 * through the public API (`engine: 'native' | 'ts'`), on
 *   1. a long arithmetic tapscript (12,002 opcodes: 2,000 × DUP 3 ADD 7 SUB MAX, then 5 NUMEQUAL),
 *   2. a short arithmetic script (2 3 ADD 5 NUMEQUAL: the per-call overhead dominates),
 *   3. Bitcoin Core's public script test vectors (VerifyScript on each of the 428 cases),
 * one call per evaluation (`evaluate` / `verifyScript`), then rows 2 and 3 again through the
 * batched door (`evaluateMany` over 1,000 stacks / `verifyScriptMany` over the 428 cases), with
 * full results and with `stacks: false` (verdicts only). The last columns are the C API alone, no
 * Node (native/tools/bsml_bench.cpp, built here with CMake when missing), on the same work, each of
 * its processes run right after a TypeScript one and also compared with it alone.
 * Both engines' results are compared before timing. Writes bench/results/native-vs-ts.json and
 * .md. Each figure is the best of 5 × N rounds of S CPU-seconds (default 1): 5 in each of N fresh
 * processes per engine (alternating engines; N = --pairs, default 2), after 1 CPU-second of JIT warm-up. Run
 * `npm run build` first (it imports dist/). Usage: node bench/native-vs-ts.mjs [--seconds S] [--pairs N (processes per engine and row, default 2)] [--only REGEX (workload names)]
 * [--interleave K]: instead of the table, K pairs of S-second slices per row, TypeScript and C API side
 * by side in time (see runInterleaved); writes bench/results/native-vs-ts-interleaved.{json,md}.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { cpu, cpuSecondsPerCall } from './cpu-clock.mjs';
import { median, quantile } from './stats.mjs';

const root = new URL('../', import.meta.url);
const { evaluate, verifyScript, evaluateMany, verifyScriptMany } = await import(new URL('dist/engine/index.js', root).href);
const { loadNative, nativeLoadError } = await import(new URL('dist/engine/native.js', root).href);
const { parseCoreAsm } = await import(new URL('dist/script/asm.js', root).href);
const { parseVectors } = await import(new URL('dist/vm/vectors.js', root).href);

// Arguments: strict (an unknown option or a bad value stops the run with a line naming it).
const usage = 'usage: node bench/native-vs-ts.mjs [--seconds S] [--pairs N] [--only REGEX] [--interleave K]';
function fail(message) {
  process.stderr.write(`native-vs-ts: ${message}\n${usage}\n`);
  process.exit(2);
}
let args;
try {
  args = parseArgs({
    options: {
      seconds: { type: 'string' },
      pairs: { type: 'string' },
      only: { type: 'string' },
      interleave: { type: 'string' },
      child: { type: 'string' },
      engine: { type: 'string' },
      'c-exe': { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  }).values;
} catch (e) {
  fail(e.message);
}
const seconds = args.seconds === undefined ? 1 : Number(args.seconds);
if (!(Number.isFinite(seconds) && seconds > 0 && seconds <= 60)) fail(`--seconds must be a number of CPU-seconds per round above 0 and at most 60 (got ${args.seconds})`);
const rounds = 5;
const pairs = args.pairs === undefined ? 2 : Number(args.pairs);
if (!Number.isInteger(pairs) || pairs < 1 || pairs > 50) fail(`--pairs must be an integer from 1 to 50 (got ${args.pairs})`);
const interleave = args.interleave === undefined ? undefined : Number(args.interleave);
if (interleave !== undefined && !(Number.isInteger(interleave) && interleave >= 2 && interleave <= 1000)) {
  fail(`--interleave must be an integer from 2 to 1000 (got ${args.interleave})`);
}
if (interleave !== undefined && args.pairs !== undefined) fail('--interleave and --pairs are separate modes: give one of them');
let only;
try {
  only = args.only === undefined ? undefined : new RegExp(args.only);
} catch (e) {
  fail(`--only: ${e.message}`);
}

if (!loadNative()) {
  process.stderr.write(`native-vs-ts: the native engine is not available: ${nativeLoadError()}\n`);
  process.exit(2);
}
/** Evaluations per CPU-second of f (`units` evaluations per call), over about `seconds` of CPU time (bench/cpu-clock.mjs). */
const rate = (f, units) => units / cpuSecondsPerCall(f, seconds);

const longScript = parseCoreAsm(`${'DUP 3 ADD 7 SUB MAX '.repeat(2000)}5 NUMEQUAL`);
const shortScript = parseCoreAsm('2 3 ADD 5 NUMEQUAL');
const cases = parseVectors(readFileSync(new URL('test/fixtures/script_tests.public.json', root), 'utf8'));
const verifyCases = cases.map((c) => ({ scriptSig: c.scriptSig, scriptPubKey: c.scriptPubKey, witness: c.witness, flags: c.flags }));
const N = 1000;
const emptyStacks = Array.from({ length: N }, () => []);

// `c`: the C API figure that does the same work per evaluation (see native/tools/bsml_bench.cpp).
const workloads = [
  {
    name: 'long arithmetic tapscript (12,002 opcodes), `evaluate`',
    units: 1,
    c: 'long',
    run: (engine) => evaluate(longScript, [Uint8Array.of(5)], { sigVersion: 'tapscript', engine }),
  },
  {
    name: 'short arithmetic script (5 opcodes), `evaluate` per call',
    units: 1,
    c: 'short',
    run: (engine) => evaluate(shortScript, [], { engine }),
  },
  {
    name: `short script × ${N.toLocaleString('en-US')} stacks, \`evaluateMany\``,
    units: N,
    c: 'short',
    run: (engine) => evaluateMany(shortScript, emptyStacks, { engine }),
  },
  {
    name: `short script × ${N.toLocaleString('en-US')} stacks, \`evaluateMany\` with \`stacks: false\``,
    units: N,
    c: 'short',
    run: (engine) => evaluateMany(shortScript, emptyStacks, { engine, stacks: false }),
  },
  {
    name: `Core public vectors (${cases.length} cases), \`verifyScript\` per call`,
    units: cases.length,
    c: 'vectors',
    run: (engine) => cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, engine })),
  },
  {
    name: `Core public vectors (${cases.length} cases), \`verifyScriptMany\``,
    units: cases.length,
    c: 'vectors',
    run: (engine) => verifyScriptMany(verifyCases, { engine }),
  },
  {
    name: `Core public vectors (${cases.length} cases), \`verifyScriptMany\` with \`stacks: false\``,
    units: cases.length,
    c: 'vectors',
    run: (engine) => verifyScriptMany(verifyCases, { engine, stacks: false }),
  },
];

// The C API alone: native/tools/bsml_bench.cpp built with the standalone CMake (configured when
// missing, always brought up to date: a binary left from an older core would measure that core).
// Returns the path of bsml-bench, or undefined (no C API column) when it cannot be built.
function buildCBench() {
  const dir = fileURLToPath(new URL('build/native/', root));
  const native = fileURLToPath(new URL('native', root));
  const steps = [['cmake', ['--build', dir, '--target', 'bsml-bench', '-j2']]];
  if (!existsSync(`${dir}CMakeCache.txt`)) steps.unshift(['cmake', ['-S', native, '-B', dir, '-DCMAKE_BUILD_TYPE=Release']]);
  for (const [cmd, args] of steps) {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) {
      process.stderr.write(`native-vs-ts: could not build bsml-bench (${cmd} ${args.join(' ')}); no C API column\n`);
      return undefined;
    }
  }
  return `${dir}bsml-bench`;
}

const vectorsFile = fileURLToPath(new URL('test/fixtures/script_tests.native.txt', root));

// One bsml-bench process measuring one workload (long, short or vectors): the best of `rounds`
// rounds of S CPU-seconds, as a child of the engines does.
function measureC(exe, which, cRounds = rounds) {
  const r = spawnSync(exe, ['--seconds', String(seconds), '--rounds', String(cRounds), '--only', which, vectorsFile], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`native-vs-ts: bsml-bench failed: ${r.stderr}`);
  const x = JSON.parse(r.stdout);
  if (which === 'vectors' && x.vectorCases !== cases.length) process.stderr.write(`native-vs-ts: bsml-bench answered ${x.vectorCases} of ${cases.length} vectors\n`);
  return x[which];
}

// A child process measures one workload on one engine (a fresh V8: the JIT state and heap left by
// the other engine or another workload cannot slow it down, as they measurably do in one process).
if (args.child !== undefined) {
  const w = workloads[Number(args.child)];
  const engine = args.engine;
  if (!w || (engine !== 'ts' && engine !== 'native')) fail(`--child ${args.child} --engine ${engine}: no such workload or engine`);
  // JIT warm-up (unmeasured), then the best of `rounds` rounds.
  const warm = cpu();
  do w.run(engine);
  while (cpu() - warm < 1);
  if (interleave !== undefined) {
    // K slices of S CPU-seconds of this engine, each next to a bsml-bench process of one round of
    // S CPU-seconds on the same work (C first in every other pair, so that neither side always
    // runs after the other): the two figures of a pair are taken within about 2S seconds.
    const tsRates = [];
    const cRates = [];
    for (let k = 0; k < interleave; k++) {
      if (k % 2) cRates.push(measureC(args['c-exe'], w.c, 1));
      tsRates.push(rate(() => w.run(engine), w.units));
      if (!(k % 2)) cRates.push(measureC(args['c-exe'], w.c, 1));
    }
    process.stdout.write(JSON.stringify({ ts: tsRates, c: cRates }) + '\n');
    process.exit(0);
  }
  let best = 0;
  for (let round = 0; round < rounds; round++) best = Math.max(best, rate(() => w.run(engine), w.units));
  process.stdout.write(JSON.stringify(best) + '\n');
  process.exit(0);
}

function measure(index, engine) {
  const childArgs = [fileURLToPath(import.meta.url), '--seconds', String(seconds), '--child', String(index), '--engine', engine];
  const r = spawnSync(process.execPath, childArgs, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`native-vs-ts child (${index}, ${engine}) failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

const cExe = buildCBench();
if (interleave !== undefined) runInterleaved();
const rows = [];
for (const [index, w] of workloads.entries()) {
  if (only && !only.test(w.name)) continue;
  const same = isDeepStrictEqual(w.run('ts'), w.run('native'));
  if (!same) throw new Error(`${w.name}: the engines disagree`);
  // `pairs` processes per engine (default 2), alternating, each TypeScript one followed by a bsml-bench process on the same work:
  // the best round of each counts (the least disturbed by other load), and each C API figure is
  // also set against the TypeScript figure measured just before it (the machine's speed moves
  // between minutes: a ratio of two figures taken apart would measure that too).
  let ts = 0;
  let native = 0;
  let cBest = 0;
  const cPairs = [];
  for (let child = 0; child < pairs; child++) {
    const t = measure(index, 'ts');
    ts = Math.max(ts, t);
    if (cExe) {
      const c = measureC(cExe, w.c);
      cBest = Math.max(cBest, c);
      cPairs.push(Number((c / t).toFixed(1)));
    }
    native = Math.max(native, measure(index, 'native'));
  }
  const row = { workload: w.name, tsPerSecond: Math.round(ts), nativePerSecond: Math.round(native), ratio: Number((native / ts).toFixed(1)) };
  if (cExe) {
    Object.assign(row, {
      cApiPerSecond: Math.round(cBest),
      cApiRatio: Number((cBest / ts).toFixed(1)),
      cApiPairRatios: cPairs,
      cApiPairMedian: Number(median(cPairs).toFixed(1)),
    });
  }
  rows.push(row);
  process.stdout.write(
    `${w.name}: ts ${row.tsPerSecond}/s, native ${row.nativePerSecond}/s, ${row.ratio}x` +
      (cExe ? `; C API ${row.cApiPerSecond}/s, ${row.cApiRatio}x (pairs ${cPairs.join(', ')}; median ${row.cApiPairMedian}x)` : '') +
      '\n',
  );
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
const out = { date: new Date().toISOString(), machine, cpuSecondsPerRound: seconds, rounds, rows };
const fmt = (n) => n.toLocaleString('en-US');
const md = [
  `| workload | TypeScript (eval per CPU-s) | native (eval per CPU-s) | native / TS | C API alone, no Node (eval per CPU-s) | C API / TS | C API / TS, each pair |`,
  `| --- | ---: | ---: | ---: | ---: | ---: | ---: |`,
  ...rows.map(
    (r) =>
      `| ${r.workload} | ${fmt(r.tsPerSecond)} | ${fmt(r.nativePerSecond)} | ${r.ratio}× | ${r.cApiPerSecond ? fmt(r.cApiPerSecond) : 'n/a'} | ${r.cApiRatio ? `${r.cApiRatio}×` : 'n/a'} | ${r.cApiPairRatios ? `${r.cApiPairRatios.map((x) => `${x}×`).join(', ')} (median ${r.cApiPairMedian}×)` : 'n/a'} |`,
  ),
  '',
  `Evaluations per CPU-second, best of ${pairs * rounds} rounds (${rounds} in each of ${pairs} fresh processes per engine, after 1 CPU-second of warm-up), both engines through the same public API (\`engine: 'ts' | 'native'\`); the C API column runs the same evaluations through \`bsml_evaluate\` / \`bsml_verify_script\` from C++ (native/tools/bsml_bench.cpp, Core's base checker, one reused context), best of ${pairs * rounds} rounds in ${pairs} processes, each run right after a TypeScript process of the row; \"each pair\" sets each of those C API figures against that TypeScript process's figure (with their median). Measured by \`node bench/native-vs-ts.mjs\` on ${machine}, ${out.date.slice(0, 10)}.`,
].join('\n');
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(new URL('bench/results/native-vs-ts.json', root), JSON.stringify(out, null, 2) + '\n');
writeFileSync(new URL('bench/results/native-vs-ts.md', root), md + '\n');
process.stdout.write('\n' + md + '\n');

// --interleave K: for each chosen row, one fresh TypeScript process runs K slices of S CPU-seconds,
// each next to a one-round bsml-bench process (see the child above); each C API slice is set
// against the TypeScript slice beside it. The machine's speed moves between seconds and minutes;
// here both figures of a ratio are taken within about 2S seconds, so the spread of the K ratios
// shows what is left of that. Writes bench/results/native-vs-ts-interleaved.json and .md.
function runInterleaved() {
  if (!cExe) fail('--interleave needs bsml-bench (the C API column), which could not be built');
  const fixed = (x) => Number(x.toFixed(2));
  const rows = [];
  for (const [index, w] of workloads.entries()) {
    if (only && !only.test(w.name)) continue;
    if (!isDeepStrictEqual(w.run('ts'), w.run('native'))) throw new Error(`${w.name}: the engines disagree`);
    const childArgs = [fileURLToPath(import.meta.url), '--seconds', String(seconds), '--child', String(index), '--engine', 'ts', '--interleave', String(interleave), '--c-exe', cExe];
    const r = spawnSync(process.execPath, childArgs, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`native-vs-ts child (${index}, interleaved) failed: ${r.stderr}`);
    const { ts, c } = JSON.parse(r.stdout);
    const ratios = c.map((x, k) => x / ts[k]);
    const row = {
      workload: w.name,
      slices: ratios.length,
      tsMedian: Math.round(median(ts)),
      cApiMedian: Math.round(median(c)),
      ratioMedian: fixed(median(ratios)),
      ratioQ1: fixed(quantile(ratios, 0.25)),
      ratioQ3: fixed(quantile(ratios, 0.75)),
      ratioMin: fixed(Math.min(...ratios)),
      ratioMax: fixed(Math.max(...ratios)),
      atLeast20: ratios.filter((x) => x >= 20).length,
      ratios: ratios.map(fixed),
      tsRates: ts.map(Math.round),
      cApiRates: c.map(Math.round),
    };
    rows.push(row);
    process.stdout.write(
      `${w.name}: C API / TS per slice pair: median ${row.ratioMedian}x (quartiles ${row.ratioQ1}-${row.ratioQ3}x, range ${row.ratioMin}-${row.ratioMax}x, ${row.atLeast20} of ${row.slices} >= 20x); medians ts ${row.tsMedian}/s, C API ${row.cApiMedian}/s\n`,
    );
  }
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
  const out = { date: new Date().toISOString(), machine, cpuSecondsPerSlice: seconds, slices: interleave, rows };
  const fmt = (n) => n.toLocaleString('en-US');
  const md = [
    '| workload | TypeScript, median slice (eval per CPU-s) | C API alone, median slice (eval per CPU-s) | C API / TS per slice pair: median | quartiles | range | pairs ≥ 20× |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) => `| ${r.workload} | ${fmt(r.tsMedian)} | ${fmt(r.cApiMedian)} | ${r.ratioMedian}× | ${r.ratioQ1}–${r.ratioQ3}× | ${r.ratioMin}–${r.ratioMax}× | ${r.atLeast20} of ${r.slices} |`,
    ),
    '',
    `${interleave} pairs of slices of ${seconds} CPU-second${seconds === 1 ? '' : 's'} per row: one TypeScript process (after 1 CPU-second of warm-up) and, beside each of its slices, a bsml-bench process of one round on the same work (C first in every other pair). Measured by \`node bench/native-vs-ts.mjs --interleave ${interleave}${seconds === 1 ? '' : ` --seconds ${seconds}`}\` on ${machine}, ${out.date.slice(0, 10)}.`,
  ].join('\n');
  mkdirSync(new URL('bench/results/', root), { recursive: true });
  writeFileSync(new URL('bench/results/native-vs-ts-interleaved.json', root), JSON.stringify(out, null, 2) + '\n');
  writeFileSync(new URL('bench/results/native-vs-ts-interleaved.md', root), md + '\n');
  process.stdout.write('\n' + md + '\n');
  process.exit(0);
}

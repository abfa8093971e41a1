#!/usr/bin/env node
/**
 * Benchmark (not a test): evaluations per second of the native engine vs the TypeScript engine,
 * through the public API (`evaluate` / `verifyScript` with `engine: 'native' | 'ts'`), on
 *   1. a long arithmetic tapscript (12,002 opcodes: 2,000 × DUP 3 ADD 7 SUB MAX, then 5 NUMEQUAL),
 *   2. a short arithmetic script (the per-call overhead dominates),
 *   3. Bitcoin Core's public script test vectors (VerifyScript on each of the 428 cases).
 * Both engines' results are compared before timing. Writes bench/results/native-vs-ts.json and
 * .md. Each figure is the best of 5 alternating rounds of S CPU-seconds (default 1). Run
 * `npm run build` first (it imports dist/). Usage: node bench/native-vs-ts.mjs [--seconds S]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { isDeepStrictEqual } from 'node:util';

const root = new URL('../', import.meta.url);
const { evaluate, verifyScript } = await import(new URL('dist/engine/index.js', root).href);
const { loadNative, nativeLoadError } = await import(new URL('dist/engine/native.js', root).href);
const { parseCoreAsm } = await import(new URL('dist/script/asm.js', root).href);
const { parseVectors } = await import(new URL('dist/vm/vectors.js', root).href);

if (!loadNative()) {
  process.stderr.write(`native-vs-ts: the native engine is not available: ${nativeLoadError()}\n`);
  process.exit(2);
}
const argSeconds = process.argv.indexOf('--seconds');
const seconds = argSeconds > 0 ? Number(process.argv[argSeconds + 1]) : 1;
const rounds = 5;

/**
 * Runs f repeatedly for about `seconds` of this process's CPU time; returns evaluations per CPU
 * second (`units` evaluations per call). CPU time, not wall time: the machine may be shared, and
 * both engines run single-threaded on the calling thread.
 */
function rate(f, units) {
  for (let i = 0; i < 3; i++) f();
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  let n = 0;
  const t0 = cpu();
  let dt = 0;
  do {
    f();
    n++;
    dt = cpu() - t0;
  } while (dt < seconds);
  return (n * units) / dt;
}

const longScript = parseCoreAsm(`${'DUP 3 ADD 7 SUB MAX '.repeat(2000)}5 NUMEQUAL`);
const shortScript = parseCoreAsm('2 3 ADD 5 NUMEQUAL');
const cases = parseVectors(JSON.parse(readFileSync(new URL('test/fixtures/script_tests.public.json', root), 'utf8')));

const workloads = [
  {
    name: 'long arithmetic tapscript (12,002 opcodes)',
    units: 1,
    run: (engine) => evaluate(longScript, [Uint8Array.of(5)], { sigVersion: 'tapscript', engine }),
  },
  {
    name: 'short arithmetic script (5 opcodes)',
    units: 1,
    run: (engine) => evaluate(shortScript, [], { engine }),
  },
  {
    name: `Core public vectors (${cases.length} VerifyScript calls per round)`,
    units: cases.length,
    run: (engine) => cases.map((c) => verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness: c.witness, engine })),
  },
];

const rows = [];
for (const w of workloads) {
  const same = isDeepStrictEqual(w.run('ts'), w.run('native'));
  if (!same) throw new Error(`${w.name}: the engines disagree`);
  // Alternating rounds; the best round of each engine counts (the least disturbed by other load).
  let ts = 0;
  let native = 0;
  for (let round = 0; round < rounds; round++) {
    ts = Math.max(ts, rate(() => w.run('ts'), w.units));
    native = Math.max(native, rate(() => w.run('native'), w.units));
  }
  rows.push({ workload: w.name, tsPerSecond: Math.round(ts), nativePerSecond: Math.round(native), ratio: Number((native / ts).toFixed(1)) });
  process.stdout.write(`${w.name}: ts ${Math.round(ts)}/s, native ${Math.round(native)}/s, ${(native / ts).toFixed(1)}x\n`);
}

const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
const out = { date: new Date().toISOString(), machine, cpuSecondsPerRound: seconds, rounds, rows };
const fmt = (n) => n.toLocaleString('en-US');
const md = [
  `| workload | TypeScript (eval per CPU-s) | native (eval per CPU-s) | native / TS |`,
  `| --- | ---: | ---: | ---: |`,
  ...rows.map((r) => `| ${r.workload} | ${fmt(r.tsPerSecond)} | ${fmt(r.nativePerSecond)} | ${r.ratio}× |`),
  '',
  `Evaluations per CPU-second, best of ${rounds} alternating rounds, through the public API (\`evaluate\` / \`verifyScript\` with \`engine\`), measured by \`node bench/native-vs-ts.mjs\` on ${machine}, ${out.date.slice(0, 10)}.`,
].join('\n');
mkdirSync(new URL('bench/results/', root), { recursive: true });
writeFileSync(new URL('bench/results/native-vs-ts.json', root), JSON.stringify(out, null, 2) + '\n');
writeFileSync(new URL('bench/results/native-vs-ts.md', root), md + '\n');
process.stdout.write('\n' + md + '\n');

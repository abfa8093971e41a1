#!/usr/bin/env node
/**
 * Worst-case tapscripts (bench/worst-cases.mjs) at 1x, 2x, 4x and 8x their base size, on the
 * TypeScript and native engines: CPU time of one evaluation (user + system, the least of 3 runs:
 * the machine is shared, and CPU time is what the script costs) and peak memory growth (maxRSS
 * after the runs minus maxRSS once the input is built), each case in its own process.
 *
 *   npm run build && node bench/worst-case.mjs        writes bench/results/worst-case.json + a table
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as W from './worst-cases.mjs';

const CASES = {
  'push520-drop': (k) => W.pushDrop(k * 1_000_000),
  'roll-999x520': (k) => W.rollFullStack(k * 64_000),
  'sha256-520': (k) => W.hashItems(k * 64_000),
  'nested-if': (k) => W.nestedIfs(k * 50_000, k * 50_000),
  'skipped-if': (k) => W.skippedIfs(k * 50_000),
};
const SCALES = [1, 2, 4, 8];
const ENGINES = ['ts', 'native'];

async function child(name, scale, engine) {
  const { evaluate } = await import('../dist/index.js');
  const c = CASES[name](scale);
  const small = CASES[name](0.01);
  evaluate(small.script, small.stack, { sigVersion: 'tapscript', engine }); // load the engine, warm up
  const before = process.resourceUsage().maxRSS;
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    const r = evaluate(c.script, c.stack, { sigVersion: 'tapscript', engine });
    const dt = process.cpuUsage(t0);
    times.push((dt.user + dt.system) / 1000);
    if (r.error !== c.expect.error || r.opCount !== c.expect.opCount) {
      throw new Error(`${name} x${scale} ${engine}: got ${r.error}/${r.opCount}, expected ${c.expect.error}/${c.expect.opCount}`);
    }
  }
  times.sort((a, b) => a - b);
  const grow = (process.resourceUsage().maxRSS - before) / 1024;
  process.stdout.write(JSON.stringify({ ms: times[0], rssGrowthMB: grow, scriptBytes: c.script.length, units: c.units }) + '\n');
}

function main() {
  const self = fileURLToPath(import.meta.url);
  const rows = [];
  for (const name of Object.keys(CASES)) {
    for (const engine of ENGINES) {
      const runs = SCALES.map((scale) => {
        const out = execFileSync(process.execPath, [self, '--child', name, String(scale), engine], { encoding: 'utf8' });
        return { scale, ...JSON.parse(out.trim().split('\n').pop()) };
      });
      rows.push({ case: name, engine, runs });
      const r = runs.map((x) => `${x.ms.toFixed(1)}`).join(' / ');
      process.stderr.write(`${name} ${engine}: ${r} ms\n`);
    }
  }
  const dir = new URL('./results/', import.meta.url);
  mkdirSync(dir, { recursive: true });
  const meta = { date: new Date().toISOString(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length };
  writeFileSync(new URL('worst-case.json', dir), JSON.stringify({ ...meta, rows }, null, 2) + '\n');
  const mb = (n) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(0)} kB`);
  const lines = ['| case | engine | 1x | 2x | 4x | 8x | 8x / 1x time | peak RSS growth at 8x |', '|---|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    const cells = row.runs.map((x) => `${x.ms.toFixed(1)} ms (${mb(x.scriptBytes)})`);
    const ratio = row.runs[3].ms / row.runs[0].ms;
    lines.push(`| ${row.case} | ${row.engine} | ${cells.join(' | ')} | ${ratio.toFixed(1)} | ${row.runs[3].rssGrowthMB.toFixed(0)} MB |`);
  }
  process.stdout.write(lines.join('\n') + '\n');
}

if (process.argv[2] === '--child') await child(process.argv[3], Number(process.argv[4]), process.argv[5]);
else main();

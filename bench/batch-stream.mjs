#!/usr/bin/env node
/**
 * 10 million lanes through `evaluateBatchStream`: chunks of dense int32 stacks are generated,
 * evaluated and dropped one at a time, so memory stays that of one chunk whatever the total.
 * Reports lanes/s and peak RSS at 1/8, 1/4, 1/2 and all of the lanes (a flat peak = streaming),
 * and checks every lane against the formula the script computes.
 *
 *   npm run build && node bench/batch-stream.mjs [LANES] [CHUNK]     writes bench/results/batch-stream.json
 */
import { mkdirSync, writeFileSync } from 'node:fs';

const { evaluateBatchStream } = await import('../dist/index.js');

const LANES = Number(process.argv[2] ?? 10_000_000);
const CHUNK = Number(process.argv[3] ?? 250_000);
// relu(x + y): ADD DUP 0 GREATERTHAN NOTIF DROP 0 ENDIF
const script = Uint8Array.of(0x93, 0x76, 0x00, 0xa0, 0x64, 0x75, 0x00, 0x68);
const x = (i) => ((i * 2654435761) % 2000001) - 1000000;
const y = (i) => ((i * 40503) % 1001) - 500;

function* chunks() {
  for (let lo = 0; lo < LANES; lo += CHUNK) {
    const n = Math.min(CHUNK, LANES - lo);
    const data = new Int32Array(2 * n);
    for (let k = 0; k < n; k++) (data[2 * k] = x(lo + k)), (data[2 * k + 1] = y(lo + k));
    yield { data, width: 2 };
  }
}

const marks = [LANES / 8, LANES / 4, LANES / 2, LANES].map(Math.round);
const peaks = [];
let done = 0;
let wrong = 0;
let vector = 0;
const t0 = process.hrtime.bigint();
for await (const r of evaluateBatchStream(script, chunks(), { sigVersion: 'base' })) {
  const m = r.stackMatrix();
  for (let k = 0; k < r.lanes; k++) {
    const want = Math.max(0, x(done + k) + y(done + k));
    const ok = want === 0 ? r.error(k) === 'EVAL_FALSE' : r.error(k) === 'OK';
    if (!ok || Number(m.values[k * m.width]) !== want) wrong++;
  }
  vector += r.stats.vectorLanes;
  done += r.lanes;
  while (peaks.length < marks.length && done >= marks[peaks.length]) peaks.push({ lanes: done, peakRssMB: process.resourceUsage().maxRSS / 1024 });
}
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
if (wrong) throw new Error(`${wrong} lanes differ from relu(x + y)`);
const result = { date: new Date().toISOString(), lanes: LANES, chunk: CHUNK, seconds, lanesPerSecond: LANES / seconds, vectorLanes: vector, peaks };
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/batch-stream.json', import.meta.url), JSON.stringify(result, null, 2) + '\n');
process.stdout.write(`${LANES} lanes in ${seconds.toFixed(1)} s (${(LANES / seconds / 1e6).toFixed(2)} M lanes/s, ${vector} on the vector path), all equal to relu(x + y)\n`);
process.stdout.write(`peak RSS: ${peaks.map((p) => `${p.lanes} lanes ${p.peakRssMB.toFixed(0)} MB`).join(', ')}\n`);

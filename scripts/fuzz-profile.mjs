#!/usr/bin/env node
// How deep bsml/testing's generated cases run on the reference interpreter (the README's table).
// Usage: npm run build && node scripts/fuzz-profile.mjs [numRuns] [seed]
import { evalCase, profileCases } from '../dist/testing/index.js';

const numRuns = Number(process.argv[2] ?? 10_000);
const seed = Number(process.argv[3] ?? 1);
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const rows = [];
let all;
for (const kinds of [undefined, ['structured'], ['bytes'], ['limits']]) {
  const p = profileCases(evalCase({ kinds }), { numRuns, seed });
  if (!kinds) all = p;
  const ok = (p.errors.OK ?? 0) / p.cases;
  rows.push(`| ${kinds ? kinds[0] : 'all (evalCase())'} | ${p.cases} | ${pct(p.stepsAtLeast[1])} | ${pct(p.stepsAtLeast[5])} | ${pct(p.stepsAtLeast[10])} | ${pct(p.stepsAtLeast[20])} | ${pct(p.reachedEnd)} | ${p.medianSteps} | ${pct(ok)} | ${Object.keys(p.errors).length} |`);
}
console.log(`numRuns ${numRuns}, seed ${seed}\n`);
console.log('| cases | n | ≥1 step | ≥5 | ≥10 | ≥20 | reached end | median steps | OK | distinct errors |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
console.log(rows.join('\n'));
console.log('\nReference errors over evalCase():\n');
console.log(Object.entries(all.errors).map(([e, n]) => `${e} ${pct(n / all.cases)}`).join(', '));

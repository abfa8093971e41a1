#!/usr/bin/env node
/**
 * Cases per second of `checkEquivalence` at its defaults (the reference against itself, reporting
 * success and error) for two builds of bsml, alternated seed by seed so both see the same machine
 * load: CPU time (user + system) and wall time over seeds 1..N.
 *
 *   node bench/fuzz-speed.mjs OTHER_DIST [N]     e.g. a build of main in /tmp/main/dist
 */
const other = process.argv[2];
const n = Number(process.argv[3] ?? 10);
if (!other) throw new Error('usage: node bench/fuzz-speed.mjs OTHER_DIST [N]');
const builds = {
  this: { testing: await import('../dist/testing/index.js'), vm: await import('../dist/vm/verify.js') },
  other: { testing: await import(`${other}/testing/index.js`), vm: await import(`${other}/vm/verify.js`) },
};
const totals = { this: { cases: 0, cpu: 0, wall: 0 }, other: { cases: 0, cpu: 0, wall: 0 } };
for (let seed = 1; seed <= n; seed++) {
  for (const name of seed % 2 ? ['this', 'other'] : ['other', 'this']) {
    const { testing, vm } = builds[name];
    const candidate = (script, stack, flags, sigVersion) => {
      const r = vm.evaluate(script, stack, { flags, sigVersion });
      return { success: r.success, error: r.error };
    };
    const c0 = process.cpuUsage();
    const t0 = Date.now();
    const r = await testing.checkEquivalence(candidate, { seed, throwOnMismatch: false });
    const c = process.cpuUsage(c0);
    totals[name].cases += r.cases;
    totals[name].cpu += (c.user + c.system) / 1000;
    totals[name].wall += Date.now() - t0;
  }
}
for (const [name, t] of Object.entries(totals)) {
  console.log(`${name}: ${t.cases} cases, ${Math.round(t.cases / (t.cpu / 1000))} cases per CPU-second, ${Math.round(t.cases / (t.wall / 1000))} per wall-second`);
}

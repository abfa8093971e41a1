/**
 * The worst cases of README "Limits and worst cases", at sizes large enough to matter: every
 * engine must give the exact answer (time and memory are measured by bench/worst-case.mjs, not here).
 */
import { describe, expect, it } from 'vitest';
import { evaluate, type EngineName } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';
import * as W from '../../bench/worst-cases.mjs';

interface Case {
  name: string;
  script: Uint8Array;
  stack: Uint8Array[];
  expect: { error: string; opCount: number };
}

const engines: EngineName[] = loadNativeAddon() ? ['ts', 'native'] : ['ts'];
const cases: Case[] = [
  W.pushDrop(4_000_000), // a 4 MB tapscript
  W.rollFullStack(40_000), // 10k full-stack rolls of 999 x 520 bytes
  W.hashItems(30_000),
  W.nestedIfs(100_000, 100_001), // 100k nested IFs, an odd number of ELSEs
  W.nestedIfs(100_000, 10, true),
  W.skippedIfs(100_000),
];

describe.each(engines)('engine %s', (engine) => {
  for (const c of cases) {
    it(`${c.name}: ${c.script.length} bytes -> ${c.expect.error}, opCount ${c.expect.opCount}`, () => {
      const r = evaluate(c.script, c.stack, { sigVersion: 'tapscript', engine });
      expect([r.error, r.opCount]).toEqual([c.expect.error, c.expect.opCount]);
      if (c.expect.error === 'OK') expect(r.stack).toEqual([Uint8Array.of(1)]);
    });
  }
  it('a roll that lands on the wrong item fails (the answer is checked, not assumed)', () => {
    const c: Case = W.rollFullStack(4_000);
    const s = Uint8Array.from(c.script);
    s.set([0x02, 997 & 0xff, 997 >> 8], 0); // the first roll takes the wrong item
    expect(evaluate(s, c.stack, { sigVersion: 'tapscript', engine }).error).toBe('EQUALVERIFY');
  });
  it('1000 items of 520 bytes is the limit: one more push is STACK_SIZE', () => {
    const stack = Array.from({ length: 1000 }, (_, i) => W.item520(i) as Uint8Array);
    expect(evaluate(Uint8Array.of(0x75, 0x51, 0x6d), stack.slice(0, 999), { sigVersion: 'tapscript', engine }).error).toBe('CLEANSTACK');
    expect(evaluate(Uint8Array.of(0x51), stack.slice(0, 999), { sigVersion: 'tapscript', engine }).error).toBe('CLEANSTACK');
    expect(evaluate(Uint8Array.of(0x51), stack, { sigVersion: 'tapscript', engine }).error).toBe('STACK_SIZE');
    expect(evaluate(Uint8Array.of(0x75), [...stack, new Uint8Array(0)], { sigVersion: 'tapscript', engine }).error).toBe('STACK_SIZE');
  });
});

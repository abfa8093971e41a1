import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseVectors, runVector } from '../../src/vm/vectors.js';

const cases = parseVectors(JSON.parse(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8')));

describe('Bitcoin Core script_tests.json (public part)', () => {
  it('has the 428 cases', () => {
    expect(cases.length).toBe(428);
  });
  it.each(cases.map((c) => [c.index, c] as const))('case %i', (_i, c) => {
    const o = runVector(c);
    expect(o.status, `${c.scriptSigAsm} | ${c.scriptPubKeyAsm} | ${c.flagsText} | ${c.comment}`).toBe('pass');
    expect(o.got).toBe(c.expected);
  });
});

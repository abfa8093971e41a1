/**
 * runVectors: the cases through one many-case call (the CLI's `bsml vectors` passes the engine's
 * verifyScriptMany) give, case by case, the outcome runVector gives through single calls.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { verifyScript, verifyScriptMany, type EngineName } from '../../src/engine/index.js';
import { loadNative } from '../../src/engine/native.js';
import { parseVectors, runVector, runVectors, type VectorCase } from '../../src/vm/vectors.js';

const PUBLIC = parseVectors(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8'));
// Every 7th case expects the wrong thing, so the failure path is compared too.
const cases: VectorCase[] = PUBLIC.map((c, i) => (i % 7 === 3 ? { ...c, expected: c.expected === 'OK' ? 'EVAL_FALSE' : 'OK' } : c));

const engines: EngineName[] = loadNative() ? ['ts', 'native'] : ['ts'];

describe('runVectors', () => {
  for (const engine of engines) {
    it(`through verifyScriptMany (${engine}) equals runVector through verifyScript, failures included`, () => {
      const single = cases.map((c) =>
        runVector(c, (cc, checker) => verifyScript(cc.scriptSig, cc.scriptPubKey, { flags: cc.flags, checker, witness: cc.witness, engine })),
      );
      let calls = 0;
      const many = runVectors(cases, (cs, checkers) => {
        calls++;
        return verifyScriptMany(
          cs.map((c, i) => ({ scriptSig: c.scriptSig, scriptPubKey: c.scriptPubKey, witness: c.witness, flags: c.flags, checker: checkers[i] })),
          { engine, stacks: false },
        );
      });
      expect(calls).toBe(1);
      expect(many).toEqual(single);
      expect(many.filter((o) => o.status === 'fail').length).toBe(Math.floor((cases.length - 4) / 7) + 1);
    });
  }

  it('refuses a runner that returns a verdict count other than the case count', () => {
    expect(() => runVectors(cases.slice(0, 3), () => [{ success: true, error: 'OK' }])).toThrow('runVectors: 1 verdicts for 3 cases');
  });
});

/**
 * Two checks of Core's test driver (script_tests.cpp) beyond the verdicts themselves:
 * - its error-name table ("NULLFAIL" names SCRIPT_ERR_SIG_NULLFAIL);
 * - its flag-perturbation loop: removing flags from a passing case, or adding flags to a failing
 *   one, must not change the verdict (the error may change). Core tries 256 random sets per case;
 *   this runs a seeded 16 per public case (fast-check prints the seed on failure).
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALL_FLAGS, FLAGS } from '../../src/vm/flags.js';
import { parseVectors, runVector, vectorChecker } from '../../src/vm/vectors.js';
import { verifyScript } from '../../src/vm/verify.js';

const cases = parseVectors(readFileSync(new URL('../fixtures/script_tests.public.json', import.meta.url), 'utf8'));

describe('Core test driver', () => {
  it('reads the driver name NULLFAIL as SIG_NULLFAIL', () => {
    // A non-empty signature that fails under NULLFAIL (the key is not even a valid point encoding).
    const [c] = parseVectors([['0x09 0x300602010102010101', "'key' CHECKSIG", 'NULLFAIL', 'NULLFAIL', 'hand-written']]);
    expect(c!.expected).toBe('SIG_NULLFAIL');
    expect(runVector(c!)).toMatchObject({ status: 'pass', got: 'SIG_NULLFAIL' });
    expect(() => parseVectors([['1', '1', '', 'SIG_NULLFAILS']])).toThrow(/unknown expected error/);
  });

  it('keeps each verdict when flags are removed from passing cases or added to failing ones', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: ALL_FLAGS }), { minLength: 16, maxLength: 16 }), (extras) => {
        for (const c of cases) {
          const expectOk = c.expected === 'OK';
          const checker = vectorChecker(c);
          for (const extra of extras) {
            const flags = expectOk ? c.flags & ~extra : c.flags | (extra & ALL_FLAGS);
            // Core weeds out the same invalid combinations.
            if (flags & FLAGS.CLEANSTACK && ~flags & (FLAGS.P2SH | FLAGS.WITNESS)) continue;
            if (flags & FLAGS.WITNESS && ~flags & FLAGS.P2SH) continue;
            const r = verifyScript(c.scriptSig, c.scriptPubKey, { flags, checker, witness: c.witness });
            expect(r.success, `case ${c.index} (${c.comment}) with flags 0x${flags.toString(16)}`).toBe(expectOk);
          }
        }
      }),
      { numRuns: 1 },
    );
  });
});

/**
 * "No input script, however malformed, throws out of the interpreter; the error comes back as a
 * code": random scripts, stacks, flags and sigversions for `evaluate`, and random scriptSigs,
 * scriptPubKeys and witnesses (bare, P2SH, P2WSH, P2WPKH, P2SH-wrapped and taproot shapes) for
 * `verifyScript`.
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concatBytes } from '../../src/script/bytes.js';
import { OPCODES } from '../../src/script/opcodes.js';
import { pushData, pushDataBytes } from '../../src/script/script.js';
import { isScriptErrorName } from '../../src/vm/errors.js';
import { ALL_FLAGS } from '../../src/vm/flags.js';
import { evaluate, verifyScript, type EvalResult } from '../../src/vm/verify.js';

const hash160 = (b: Uint8Array) => ripemd160(sha256(b));

/** Scripts biased towards interesting bytes: real opcodes, pushes (some truncated), raw noise. */
const script = fc
  .array(
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...OPCODES.map((o) => o.code)).map((c) => Uint8Array.of(c)) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 255 }).map((c) => Uint8Array.of(c)) },
      { weight: 2, arbitrary: fc.uint8Array({ maxLength: 6 }).map(pushData) },
      { weight: 1, arbitrary: fc.uint8Array({ minLength: 518, maxLength: 522 }).map(pushDataBytes) },
      { weight: 1, arbitrary: fc.constantFrom(Uint8Array.of(0x4c), Uint8Array.of(0x4d, 0xff), Uint8Array.of(0x4e, 9, 0, 0, 0, 1), Uint8Array.of(0x05, 1)) },
    ),
    { maxLength: 40 },
  )
  .map((parts) => concatBytes(...parts));
const item = fc.oneof(fc.uint8Array({ maxLength: 6 }), fc.constantFrom(new Uint8Array(0), Uint8Array.of(0x80), Uint8Array.of(1), new Uint8Array(33).fill(2), new Uint8Array(521)));
const stack = fc.array(item, { maxLength: 8 });
const flags = fc.integer({ min: 0, max: ALL_FLAGS }).map((f) => f & ALL_FLAGS);
const sigVersion = fc.constantFrom('base' as const, 'witness_v0' as const, 'tapscript' as const);

function expectWellFormed(r: EvalResult) {
  expect(isScriptErrorName(r.error)).toBe(true);
  expect(r.success).toBe(r.error === 'OK');
  expect(Array.isArray(r.stack) && Array.isArray(r.altstack)).toBe(true);
  expect(Number.isInteger(r.opCount)).toBe(true);
}

/** A scriptPubKey/scriptSig/witness triple in one of the shapes VerifyScript treats specially. */
const spend = fc.oneof(
  fc.record({ scriptSig: script, scriptPubKey: script, witness: stack }),
  // P2SH: the redeem script is the last push of the scriptSig.
  fc.tuple(stack, script, stack).map(([items, redeem, witness]) => ({
    scriptSig: concatBytes(...items.map(pushData), pushDataBytes(redeem)),
    scriptPubKey: concatBytes(Uint8Array.of(0xa9, 0x14), hash160(redeem), Uint8Array.of(0x87)),
    witness,
  })),
  // P2WSH, bare or P2SH-wrapped; the witness script is the last witness item.
  fc.tuple(script, stack, fc.boolean()).map(([ws, items, wrapped]) => {
    const program = concatBytes(Uint8Array.of(0x00, 0x20), sha256(ws));
    return wrapped
      ? { scriptSig: pushDataBytes(program), scriptPubKey: concatBytes(Uint8Array.of(0xa9, 0x14), hash160(program), Uint8Array.of(0x87)), witness: [...items, ws] }
      : { scriptSig: new Uint8Array(0), scriptPubKey: program, witness: [...items, ws] };
  }),
  // P2WPKH with arbitrary witness items.
  fc.tuple(fc.uint8Array({ minLength: 20, maxLength: 20 }), stack).map(([h, witness]) => ({
    scriptSig: new Uint8Array(0),
    scriptPubKey: concatBytes(Uint8Array.of(0x00, 0x14), h),
    witness,
  })),
  // Taproot and other witness versions: random programs, control blocks of any size, annexes.
  fc
    .tuple(
      fc.integer({ min: 0, max: 16 }),
      fc.uint8Array({ minLength: 2, maxLength: 40 }),
      stack,
      script,
      fc.uint8Array({ maxLength: 100 }),
      fc.boolean(),
    )
    .map(([v, program, items, leaf, control, annex]) => ({
      scriptSig: new Uint8Array(0),
      scriptPubKey: concatBytes(Uint8Array.of(v === 0 ? 0 : 0x50 + v, program.length), program),
      witness: [...items, leaf, control, ...(annex ? [Uint8Array.of(0x50, 1)] : [])],
    })),
);

describe('robustness', () => {
  it('evaluate never throws and always returns a Core error name', () => {
    fc.assert(
      fc.property(script, stack, flags, sigVersion, fc.boolean(), (s, st, f, sv, trace) => {
        let r: EvalResult | undefined;
        expect(() => (r = evaluate(s, st, { flags: f, sigVersion: sv, trace }))).not.toThrow();
        expectWellFormed(r!);
      }),
      { numRuns: 2000 },
    );
  });

  it('evaluate never throws on raw random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), stack, flags, sigVersion, (s, st, f, sv) => {
        expectWellFormed(evaluate(s, st, { flags: f, sigVersion: sv }));
      }),
      { numRuns: 2000 },
    );
  });

  it('verifyScript never throws, whatever the shape of the spend', () => {
    fc.assert(
      fc.property(spend, flags, (sp, f) => {
        let r: EvalResult | undefined;
        expect(() => (r = verifyScript(sp.scriptSig, sp.scriptPubKey, { flags: f, witness: sp.witness }))).not.toThrow();
        expectWellFormed(r!);
      }),
      { numRuns: 2000 },
    );
  });
});

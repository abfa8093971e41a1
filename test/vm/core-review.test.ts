/**
 * Legacy (BASE) and segwit v0 rules where several checks can fail at once, or where a rule is easy
 * to get almost right, each expected result derived from Bitcoin Core's interpreter.cpp
 * (EvalScript, EvalChecksigPreTapscript, CheckSignatureEncoding, CheckPubKeyEncoding,
 * FindAndDelete, VerifyWitnessProgram, VerifyScript). Every case runs on both engines: the
 * TypeScript reference and the native core (which must not decline these).
 */
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { loadNative } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { fromHex, toHex } from '../../src/script/bytes.js';
import { baseChecker, type SignatureChecker } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';
import { evaluate, verifyScript, type EvalResult } from '../../src/vm/verify.js';

const native = loadNative();
const F = FLAGS;

/** A strictly DER-encoded signature with R = r, S = s (big-endian, already minimal) and a hash type. */
function der(r: string, s: string, hashType = 0x01): Uint8Array {
  const R = fromHex(r);
  const S = fromHex(s);
  return Uint8Array.of(0x30, 4 + R.length + S.length, 0x02, R.length, ...R, 0x02, S.length, ...S, hashType);
}
const GOOD = der('01', '01');
const OTHER = der('02', '02');
const PK = Uint8Array.of(0x02, ...new Uint8Array(32).fill(0x11));
const PK_UNCOMPRESSED = Uint8Array.of(0x04, ...new Uint8Array(64).fill(0x11));
const PK_HYBRID = Uint8Array.of(0x06, ...new Uint8Array(64).fill(0x11));
const hex = (b: Uint8Array) => '0x' + b.length.toString(16).padStart(2, '0') + ' 0x' + toHex(b);

/** Accepts GOOD under any key; records every scriptCode it is asked about. */
function recordingChecker(): SignatureChecker & { codes: string[] } {
  const codes: string[] = [];
  return {
    ...baseChecker,
    codes,
    checkEcdsaSignature: (sig, _pk, scriptCode) => {
      codes.push(toHex(scriptCode));
      return toHex(sig) === toHex(GOOD);
    },
  };
}

type Engine = 'ts' | 'native';
const engines: Engine[] = native ? ['ts', 'native'] : ['ts'];

function evalOn(engine: Engine, asm: string, opts: { flags?: number; sigVersion?: 'base' | 'witness_v0'; checker?: SignatureChecker; stack?: Uint8Array[] } = {}): EvalResult {
  const o = { flags: opts.flags ?? 0, sigVersion: opts.sigVersion ?? 'base', checker: opts.checker ?? recordingChecker() };
  const script = parseCoreAsm(asm);
  if (engine === 'ts') return evaluate(script, opts.stack ?? [], o);
  const r = native!.evaluate(script, opts.stack ?? [], o);
  expect(r, 'the native core declined').toBeDefined();
  return r!;
}

function verifyOn(engine: Engine, scriptSig: Uint8Array, scriptPubKey: Uint8Array, flags: number, witness: Uint8Array[] = [], checker: SignatureChecker = recordingChecker()): EvalResult {
  const o = { flags, witness, checker };
  if (engine === 'ts') return verifyScript(scriptSig, scriptPubKey, o);
  const r = native!.verifyScript(scriptSig, scriptPubKey, o);
  expect(r, 'the native core declined').toBeDefined();
  return r!;
}

const p2sh = (redeem: Uint8Array) => Uint8Array.of(0xa9, 0x14, ...ripemd160(sha256(redeem)), 0x87);
const p2wsh = (ws: Uint8Array) => Uint8Array.of(0x00, 0x20, ...sha256(ws));
const push = (b: Uint8Array) => parseCoreAsm(hex(b));

describe.each(engines)('Core legacy / v0 rules (%s engine)', (engine) => {
  const err = (asm: string, flags = 0, sigVersion: 'base' | 'witness_v0' = 'base') => evalOn(engine, asm, { flags, sigVersion }).error;

  describe('OP_CHECKMULTISIG: which check fails first', () => {
    it('key count before the stack depth for the keys, then the op count, then the depth', () => {
      expect(err('21 CHECKMULTISIG')).toBe('PUBKEY_COUNT');
      expect(err('-1 CHECKMULTISIG')).toBe('PUBKEY_COUNT');
      // 180 NOPs + CHECKMULTISIG + 20 keys = 201 (allowed); one more NOP is 202.
      expect(err('NOP '.repeat(180) + '20 CHECKMULTISIG')).toBe('INVALID_STACK_OPERATION');
      expect(err('NOP '.repeat(181) + '20 CHECKMULTISIG')).toBe('OP_COUNT');
      expect(err('NOP '.repeat(181) + '20 CHECKMULTISIG', 0, 'witness_v0')).toBe('OP_COUNT');
      // A key count that is not a 4-byte number fails as a number first.
      expect(err('NOP '.repeat(181) + '0x05 0x0000000080 CHECKMULTISIG')).toBe('SCRIPTNUM');
    });

    it('signature count after the keys are on the stack, before the depth for the signatures', () => {
      expect(err(`2 ${hex(PK)} 1 CHECKMULTISIG`)).toBe('SIG_COUNT');
      expect(err(`-1 ${hex(PK)} 1 CHECKMULTISIG`)).toBe('SIG_COUNT');
      expect(err(`1 ${hex(PK)} 1 CHECKMULTISIG`)).toBe('INVALID_STACK_OPERATION');
      // The depth check for the signatures counts the dummy too.
      expect(err(`${hex(GOOD)} 1 ${hex(PK)} 1 CHECKMULTISIG`)).toBe('INVALID_STACK_OPERATION');
    });

    it('NULLFAIL (any non-empty signature, checked or not) before NULLDUMMY', () => {
      const fail2of2 = (s1: string, s2: string, dummy: string) => `${dummy} ${s1} ${s2} 2 ${hex(PK)} ${hex(PK)} 2 CHECKMULTISIG NOT`;
      const o = hex(OTHER);
      expect(err(fail2of2(o, o, '1'), F.NULLFAIL | F.NULLDUMMY)).toBe('SIG_NULLFAIL');
      expect(err(fail2of2(o, o, '1'), F.NULLDUMMY)).toBe('SIG_NULLDUMMY');
      expect(err(fail2of2('0', '0', '1'), F.NULLFAIL | F.NULLDUMMY)).toBe('SIG_NULLDUMMY');
      expect(err(fail2of2('0', '0', '0'), F.NULLFAIL | F.NULLDUMMY)).toBe('OK');
      // The top signature fails against the top key and ends the loop (2 sigs left, 1 key): the
      // bottom signature is never checked, yet NULLFAIL rejects it.
      expect(err(fail2of2(o, '0', '0'), F.NULLFAIL)).toBe('SIG_NULLFAIL');
      // Keys are never subject to NULLFAIL.
      expect(err(`0 0 1 ${hex(PK)} 1 CHECKMULTISIG NOT`, F.NULLFAIL)).toBe('OK');
    });

    it('encodings are checked only for the pairs the loop reaches, key after signature', () => {
      // 1-of-2: the top key matches GOOD at once; the bottom key (garbage) is never looked at.
      expect(err(`0 ${hex(GOOD)} 1 0x01 0x07 ${hex(PK)} 2 CHECKMULTISIG`, F.STRICTENC)).toBe('OK');
      // Top key garbage: PUBKEYTYPE. Garbage signature and garbage key: SIG_DER first.
      expect(err(`0 ${hex(GOOD)} 1 ${hex(PK)} 0x01 0x07 2 CHECKMULTISIG`, F.STRICTENC)).toBe('PUBKEYTYPE');
      expect(err(`0 0x01 0x07 1 ${hex(PK)} 0x01 0x07 2 CHECKMULTISIG`, F.STRICTENC)).toBe('SIG_DER');
      // No signatures: no encoding check at all.
      expect(err('0 0 0x01 0x07 1 CHECKMULTISIG', F.STRICTENC)).toBe('OK');
    });
  });

  describe('FindAndDelete of the signature (BASE only) and the scriptCode', () => {
    it('an empty signature deletes OP_0s (its push is the byte 0x00): SIG_FINDANDDELETE under CONST_SCRIPTCODE', () => {
      // The scriptCode is the script itself; its leading OP_0 is the empty signature's push.
      expect(err(`0 ${hex(PK)} CHECKSIG NOT`, F.CONST_SCRIPTCODE)).toBe('SIG_FINDANDDELETE');
      expect(err(`0 ${hex(PK)} CHECKSIG NOT`, 0)).toBe('OK');
      expect(err(`0 ${hex(PK)} CHECKSIG NOT`, F.CONST_SCRIPTCODE, 'witness_v0')).toBe('OK');
      expect(err(`0 0 1 ${hex(PK)} 1 CHECKMULTISIG NOT`, F.CONST_SCRIPTCODE)).toBe('SIG_FINDANDDELETE');
      // No signature, nothing to delete.
      expect(err(`0 0 ${hex(PK)} 1 CHECKMULTISIG`, F.CONST_SCRIPTCODE)).toBe('OK');
    });

    it('FindAndDelete comes before the encoding checks', () => {
      const bad = Uint8Array.of(0x07);
      expect(err(`${hex(bad)} ${hex(PK)} CHECKSIG`, F.CONST_SCRIPTCODE | F.STRICTENC)).toBe('SIG_FINDANDDELETE');
      expect(err(`${hex(bad)} ${hex(PK)} CHECKSIG`, F.STRICTENC)).toBe('SIG_DER');
    });

    it('the checker sees the scriptCode from the last executed OP_CODESEPARATOR, with BASE signatures removed', () => {
      const sp = `${hex(GOOD)} DROP 0 IF CODESEPARATOR ENDIF CODESEPARATOR ${hex(GOOD)} DROP ${hex(PK)} CHECKSIG`;
      const c = recordingChecker();
      expect(verifyOn(engine, push(GOOD), parseCoreAsm(sp), 0, [], c).error).toBe('OK');
      // After the executed CODESEPARATOR: '<GOOD> DROP <PK> CHECKSIG', the GOOD push deleted.
      expect(c.codes).toEqual([toHex(parseCoreAsm(`DROP ${hex(PK)} CHECKSIG`))]);

      // Witness v0: nothing deleted.
      const ws = parseCoreAsm(`CODESEPARATOR ${hex(GOOD)} DROP ${hex(PK)} CHECKSIG`);
      const w = recordingChecker();
      expect(verifyOn(engine, new Uint8Array(0), p2wsh(ws), F.P2SH | F.WITNESS, [GOOD, ws], w).error).toBe('OK');
      expect(w.codes).toEqual([toHex(parseCoreAsm(`${hex(GOOD)} DROP ${hex(PK)} CHECKSIG`))]);
    });

    it('deletes only pushes of the exact form Core serializes, at instruction boundaries, repeatedly', () => {
      const g = toHex(GOOD);
      const n = GOOD.length.toString(16).padStart(2, '0');
      // PUSHDATA1 form of the same bytes: not deleted; two adjacent direct pushes: both deleted;
      // the bytes inside a longer push: not deleted.
      const sp = `0x4c 0x${n} 0x${g} DROP 0x${n} 0x${g} 0x${n} 0x${g} 2DROP 0x${(GOOD.length + 2).toString(16).padStart(2, '0')} 0x${n}${g}00 DROP ${hex(PK)} CHECKSIG`;
      const c = recordingChecker();
      expect(verifyOn(engine, push(GOOD), parseCoreAsm(sp), 0, [], c).error).toBe('OK');
      expect(c.codes).toEqual([toHex(parseCoreAsm(`0x4c 0x${n} 0x${g} DROP 2DROP 0x${(GOOD.length + 2).toString(16).padStart(2, '0')} 0x${n}${g}00 DROP ${hex(PK)} CHECKSIG`))]);
      expect(verifyOn(engine, push(GOOD), parseCoreAsm(sp), F.CONST_SCRIPTCODE).error).toBe('SIG_FINDANDDELETE');

      // An 80-byte signature: Core's push of it is PUSHDATA1; a PUSHDATA2 push of it stays.
      const s80 = '0x' + '07'.repeat(80);
      const sp80 = `0x4d 0x5000 ${s80} DROP 0x4c 0x50 ${s80} DROP ${hex(PK)} CHECKSIG NOT`;
      const c80 = recordingChecker();
      expect(verifyOn(engine, parseCoreAsm(`0x4c 0x50 ${s80}`), parseCoreAsm(sp80), 0, [], c80).error).toBe('OK');
      expect(c80.codes).toEqual([toHex(parseCoreAsm(`0x4d 0x5000 ${s80} DROP DROP ${hex(PK)} CHECKSIG NOT`))]);
    });
  });

  describe('signature and key encodings', () => {
    const N = 'fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141';
    const HALF = '7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0';
    const HALF1 = '7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a1';
    const sig = (s: Uint8Array, pk = PK) => `${hex(s)} ${hex(pk)} CHECKSIG NOT`;
    it('LOW_S: S = n/2 is low, n/2 + 1 high; an R or S at or above n parses (laxly) as zero: low', () => {
      expect(err(sig(der('01', HALF)), F.LOW_S)).toBe('OK');
      expect(err(sig(der('01', HALF1)), F.LOW_S)).toBe('SIG_HIGH_S');
      expect(err(sig(der('01', '00' + N)), F.LOW_S)).toBe('OK');
      expect(err(sig(der('00' + N, HALF1)), F.LOW_S)).toBe('OK');
    });
    it('DER, then high S, then hash type, then the key; WITNESS_PUBKEYTYPE only in witness v0', () => {
      expect(err(sig(der('01', HALF1, 0x00), PK_HYBRID), F.LOW_S | F.STRICTENC)).toBe('SIG_HIGH_S');
      expect(err(sig(der('01', HALF1, 0x00), PK_HYBRID), F.STRICTENC)).toBe('SIG_HASHTYPE');
      expect(err(sig(der('01', '01', 0x84), PK_HYBRID), F.STRICTENC)).toBe('SIG_HASHTYPE');
      expect(err(sig(der('01', '01', 0x83), PK_HYBRID), F.STRICTENC)).toBe('PUBKEYTYPE');
      expect(err(sig(der('01', '01', 0x83), PK_HYBRID), F.STRICTENC | F.WITNESS_PUBKEYTYPE, 'witness_v0')).toBe('PUBKEYTYPE');
      expect(err(sig(OTHER, PK_UNCOMPRESSED), F.STRICTENC | F.WITNESS_PUBKEYTYPE, 'witness_v0')).toBe('WITNESS_PUBKEYTYPE');
      expect(err(sig(OTHER, PK_UNCOMPRESSED), F.STRICTENC | F.WITNESS_PUBKEYTYPE, 'base')).toBe('OK');
      // The key is checked even for an empty signature.
      expect(err(`0 ${hex(PK_UNCOMPRESSED)} CHECKSIG NOT`, F.WITNESS_PUBKEYTYPE, 'witness_v0')).toBe('WITNESS_PUBKEYTYPE');
      expect(err(`0 0x01 0x07 CHECKSIG NOT`, F.STRICTENC)).toBe('PUBKEYTYPE');
    });
  });

  describe('MINIMALIF (witness v0, with its flag only)', () => {
    it('only the empty vector and 0x01 are minimal; unexecuted IFs are not checked', () => {
      for (const [arg, want] of [['0', 'OK'], ['1', 'OK'], ['0x01 0x00', 'MINIMALIF'], ['0x01 0x02', 'MINIMALIF'], ['0x02 0x0100', 'MINIMALIF'], ['0x01 0x80', 'MINIMALIF']] as const) {
        expect(err(`${arg} IF ENDIF 1`, F.MINIMALIF, 'witness_v0'), arg).toBe(want);
        expect(err(`${arg} NOTIF ENDIF 1`, F.MINIMALIF, 'witness_v0'), arg).toBe(want);
        expect(err(`${arg} IF ENDIF 1`, F.MINIMALIF, 'base'), arg).toBe('OK');
        expect(err(`${arg} IF ENDIF 1`, 0, 'witness_v0'), arg).toBe('OK');
      }
      expect(err('0 IF 0x01 0x02 IF ENDIF ENDIF 1', F.MINIMALIF, 'witness_v0')).toBe('OK');
    });
  });

  describe('stack size', () => {
    it('is checked after each opcode on the scriptPubKey, over what the scriptSig left', () => {
      const sig1000 = parseCoreAsm('1 '.repeat(1000));
      expect(verifyOn(engine, sig1000, parseCoreAsm('NOP'), 0).error).toBe('OK');
      expect(verifyOn(engine, sig1000, parseCoreAsm('DUP'), 0).error).toBe('STACK_SIZE');
      expect(verifyOn(engine, sig1000, parseCoreAsm('TOALTSTACK 1'), 0).error).toBe('STACK_SIZE');
    });
  });

  describe('P2SH and witness programs in VerifyScript', () => {
    const none = new Uint8Array(0);
    it('P2SH: the redeem script runs on a copy of the scriptSig stack; its result decides', () => {
      const redeem = parseCoreAsm('ADD 3 EQUAL');
      expect(verifyOn(engine, parseCoreAsm(`1 2 ${hex(redeem)}`), p2sh(redeem), F.P2SH).error).toBe('OK');
      expect(verifyOn(engine, parseCoreAsm(`1 1 ${hex(redeem)}`), p2sh(redeem), F.P2SH).error).toBe('EVAL_FALSE');
      // Empty redeem script: an empty stack afterwards.
      expect(verifyOn(engine, parseCoreAsm('0'), p2sh(none), F.P2SH).error).toBe('EVAL_FALSE');
      // Not push-only: only a P2SH spend under P2SH fails for it.
      expect(verifyOn(engine, parseCoreAsm(`1 2 NOP ${hex(redeem)}`), p2sh(redeem), F.P2SH).error).toBe('SIG_PUSHONLY');
      expect(verifyOn(engine, parseCoreAsm(`1 2 NOP ${hex(redeem)}`), p2sh(redeem), 0).error).toBe('OK');
      // CLEANSTACK counts what the redeem script left.
      const all = F.P2SH | F.WITNESS | F.CLEANSTACK;
      expect(verifyOn(engine, parseCoreAsm(`7 1 2 ${hex(redeem)}`), p2sh(redeem), all).error).toBe('CLEANSTACK');
      expect(verifyOn(engine, parseCoreAsm(`1 2 ${hex(redeem)}`), p2sh(redeem), all).error).toBe('OK');
    });

    it('witness v0: sizes, hashes, malleation, and the implied clean stack', () => {
      const W = F.P2SH | F.WITNESS;
      const ws = parseCoreAsm('DROP 1');
      const spk = p2wsh(ws);
      expect(verifyOn(engine, none, spk, W, [Uint8Array.of(5), ws]).error).toBe('OK');
      expect(verifyOn(engine, none, spk, W, []).error).toBe('WITNESS_PROGRAM_WITNESS_EMPTY');
      expect(verifyOn(engine, none, spk, W, [Uint8Array.of(5), parseCoreAsm('DROP 2')]).error).toBe('WITNESS_PROGRAM_MISMATCH');
      expect(verifyOn(engine, none, spk, W, [new Uint8Array(521), ws]).error).toBe('PUSH_SIZE');
      expect(verifyOn(engine, none, spk, W, [new Uint8Array(520), ws]).error).toBe('OK');
      expect(verifyOn(engine, none, spk, W, [Uint8Array.of(5), Uint8Array.of(5), ws]).error).toBe('CLEANSTACK');
      expect(verifyOn(engine, none, p2wsh(parseCoreAsm('DROP 0')), W, [Uint8Array.of(5), parseCoreAsm('DROP 0')]).error).toBe('EVAL_FALSE');
      expect(verifyOn(engine, none, p2wsh(parseCoreAsm('0')), W, [Uint8Array.of(5), parseCoreAsm('0')]).error).toBe('CLEANSTACK');
      // A witness script over 520 bytes is fine (it is not a stack item); over 10,000 is not.
      const push300 = Uint8Array.of(0x4d, 0x2c, 0x01, ...new Uint8Array(300));
      const big = Uint8Array.of(...push300, ...push300, 0x6d, 0x51);
      expect(verifyOn(engine, none, p2wsh(big), W, [big]).error).toBe('OK');
      const huge = new Uint8Array(10_001).fill(0x61);
      expect(verifyOn(engine, none, p2wsh(huge), W, [huge]).error).toBe('SCRIPT_SIZE');
      // scriptSig must be empty for a bare program.
      expect(verifyOn(engine, parseCoreAsm('1 DROP'), spk, W, [Uint8Array.of(5), ws]).error).toBe('WITNESS_MALLEATED');
      // P2WPKH: exactly two items.
      const wpkh = Uint8Array.of(0x00, 0x14, ...ripemd160(sha256(PK)));
      expect(verifyOn(engine, none, wpkh, W, [GOOD]).error).toBe('WITNESS_PROGRAM_MISMATCH');
      expect(verifyOn(engine, none, wpkh, W, [GOOD, PK, PK]).error).toBe('WITNESS_PROGRAM_MISMATCH');
      expect(verifyOn(engine, none, wpkh, W, [GOOD, PK]).error).toBe('OK');
      expect(verifyOn(engine, none, wpkh, W, [OTHER, PK]).error).toBe('EVAL_FALSE');
      expect(verifyOn(engine, none, wpkh, W | F.NULLFAIL, [OTHER, PK]).error).toBe('SIG_NULLFAIL');
      // v0 with another program length.
      expect(verifyOn(engine, none, Uint8Array.of(0x00, 0x15, ...new Uint8Array(21).fill(1)), W, []).error).toBe('WITNESS_PROGRAM_WRONG_LENGTH');
    });

    it('P2SH-wrapped programs: exactly one push of the redeem script; unknown programs', () => {
      const W = F.P2SH | F.WITNESS;
      const ws = parseCoreAsm('DROP 1');
      const redeem = p2wsh(ws);
      const spk = p2sh(redeem);
      expect(verifyOn(engine, push(redeem), spk, W, [Uint8Array.of(5), ws]).error).toBe('OK');
      expect(verifyOn(engine, parseCoreAsm(`0x4c 0x22 0x${toHex(redeem)}`), spk, W, [Uint8Array.of(5), ws]).error).toBe('WITNESS_MALLEATED_P2SH');
      expect(verifyOn(engine, parseCoreAsm(`0 ${hex(redeem)}`), spk, W, [Uint8Array.of(5), ws]).error).toBe('WITNESS_MALLEATED_P2SH');
      // Version 1 with 32 bytes and the anchor are upgradable programs when wrapped.
      const D = W | F.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM;
      for (const r of [Uint8Array.of(0x51, 0x20, ...new Uint8Array(32).fill(3)), Uint8Array.of(0x51, 0x02, 0x4e, 0x73)]) {
        expect(verifyOn(engine, push(r), p2sh(r), W | F.TAPROOT).error).toBe('OK');
        expect(verifyOn(engine, push(r), p2sh(r), D | F.TAPROOT).error).toBe('DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM');
      }
      // Bare anchor: never discouraged. Bare version 2: discouraged under the flag.
      expect(verifyOn(engine, none, Uint8Array.of(0x51, 0x02, 0x4e, 0x73), D).error).toBe('OK');
      expect(verifyOn(engine, none, Uint8Array.of(0x52, 0x02, 0x4e, 0x73), D).error).toBe('DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM');
    });

    it('a witness where no program reads it: WITNESS_UNEXPECTED, checked after CLEANSTACK', () => {
      const W = F.P2SH | F.WITNESS;
      expect(verifyOn(engine, none, parseCoreAsm('1'), W, [Uint8Array.of(1)]).error).toBe('WITNESS_UNEXPECTED');
      expect(verifyOn(engine, parseCoreAsm('1'), parseCoreAsm('1'), W | F.CLEANSTACK, [Uint8Array.of(1)]).error).toBe('CLEANSTACK');
      expect(verifyOn(engine, none, parseCoreAsm('1'), F.P2SH, [Uint8Array.of(1)]).error).toBe('OK');
      const redeem = parseCoreAsm('1');
      expect(verifyOn(engine, push(redeem), p2sh(redeem), W, [Uint8Array.of(1)]).error).toBe('WITNESS_UNEXPECTED');
    });
  });
});

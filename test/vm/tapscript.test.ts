/**
 * Tapscript rules (BIP342) and the witness-script rules they are contrasted with, each checked
 * against the exact error Bitcoin Core reports (interpreter.cpp: EvalScript, EvalChecksigTapscript,
 * CheckTapscriptOpSuccess, ExecuteWitnessScript, VerifyWitnessProgram).
 */
import { describe, expect, it } from 'vitest';
import { parseCoreAsm } from '../../src/script/asm.js';
import { concatBytes, fromHex } from '../../src/script/bytes.js';
import { isOpSuccess } from '../../src/script/opcodes.js';
import { pushDataBytes } from '../../src/script/script.js';
import { FLAGS } from '../../src/vm/flags.js';
import { TAPROOT_LEAF_TAPSCRIPT } from '../../src/vm/limits.js';
import { tapleafHash, tweakPublicKey } from '../../src/vm/taproot.js';
import { NUMS_INTERNAL_KEY } from '../../src/vm/vectors.js';
import { evaluate, verifyScript, type EvaluateOptions } from '../../src/vm/verify.js';

const asm = parseCoreAsm;
const bytes = (n: number, fill = 0x01) => new Uint8Array(n).fill(fill);
const items = (n: number, item = Uint8Array.of(1)) => Array.from({ length: n }, () => item);
const KEY32 = bytes(32, 0x11);
const KEY33 = concatBytes(Uint8Array.of(0x02), bytes(32, 0x22));

function tap(script: Uint8Array, stack: Uint8Array[] = [], options: EvaluateOptions = {}) {
  return evaluate(script, stack, { sigVersion: 'tapscript', ...options });
}
function v0(script: Uint8Array, stack: Uint8Array[] = [], options: EvaluateOptions = {}) {
  return evaluate(script, stack, { sigVersion: 'witness_v0', ...options });
}

/** A taproot output committing to one tapscript leaf, and the witness that spends it. */
function scriptPathSpend(script: Uint8Array, stack: Uint8Array[]) {
  const tweaked = tweakPublicKey(NUMS_INTERNAL_KEY, tapleafHash(TAPROOT_LEAF_TAPSCRIPT, script))!;
  const control = concatBytes(Uint8Array.of(TAPROOT_LEAF_TAPSCRIPT | tweaked.parity), NUMS_INTERNAL_KEY);
  const scriptPubKey = concatBytes(Uint8Array.of(0x51, 0x20), tweaked.outputKey);
  return { scriptPubKey, witness: [...stack, script, control] };
}
const TAPROOT_FLAGS = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT;

describe('OP_SUCCESSx pre-scan', () => {
  it('makes the script succeed before anything is evaluated', () => {
    expect(tap(Uint8Array.of(0x50)).error).toBe('OK');
    // OP_RETURN would fail and nothing is left on the stack: the pre-scan wins anyway.
    expect(tap(asm('RETURN 0x50'))).toMatchObject({ success: true, error: 'OK' });
    expect(tap(asm('0 IF 0x50 ENDIF 0')).error).toBe('OK');
  });

  it('applies to every OP_SUCCESSx byte and to no other byte', () => {
    for (let op = 0; op < 256; op++) {
      if (op <= 0x4e) continue; // push opcodes need data
      const r = tap(concatBytes(asm('RETURN'), Uint8Array.of(op)));
      expect(r.error, `opcode 0x${op.toString(16)}`).toBe(isOpSuccess(op) ? 'OK' : 'OP_RETURN');
    }
    expect([0x50, 0x62, 0x7e, 0x89, 0x8d, 0x95, 0xbb, 0xfe].every(isOpSuccess)).toBe(true);
    expect([0x4f, 0x51, 0x61, 0x63, 0xac, 0xba, 0xff].some(isOpSuccess)).toBe(false);
  });

  it('overrides the initial stack limits and the witness item size limit', () => {
    expect(tap(Uint8Array.of(0x50), items(1001)).error).toBe('OK');
    expect(tap(Uint8Array.of(0x50), [bytes(521)]).error).toBe('OK');
  });

  it('sees only opcodes: a 0x50 byte inside pushed data is data', () => {
    expect(tap(Uint8Array.of(0x01, 0x50, 0x75)).error).toBe('CLEANSTACK');
  });

  it('stops at a truncated push that comes first (BAD_OPCODE) but not at one that comes after', () => {
    // PUSHDATA1 announcing 5 bytes with only 2 left hides the 0x50 inside it.
    expect(tap(Uint8Array.of(0x4c, 0x05, 0x01, 0x50)).error).toBe('BAD_OPCODE');
    expect(tap(Uint8Array.of(0x50, 0x4c)).error).toBe('OK');
    expect(tap(Uint8Array.of(0x50, 0x4d, 0xff, 0xff)).error).toBe('OK');
  });

  it('fails with DISCOURAGE_OP_SUCCESS under that flag', () => {
    expect(tap(Uint8Array.of(0x50), [], { flags: FLAGS.DISCOURAGE_OP_SUCCESS }).error).toBe('DISCOURAGE_OP_SUCCESS');
    expect(tap(asm('1'), [], { flags: FLAGS.DISCOURAGE_OP_SUCCESS }).error).toBe('OK');
  });

  it('does not exist outside tapscript: an executed 0x50 is BAD_OPCODE there', () => {
    expect(v0(Uint8Array.of(0x50)).error).toBe('BAD_OPCODE');
    expect(evaluate(Uint8Array.of(0x50), []).error).toBe('BAD_OPCODE');
    expect(v0(asm('0 IF 0x50 ENDIF 1')).error).toBe('OK');
  });

  it('also decides a full script-path spend', () => {
    const { scriptPubKey, witness } = scriptPathSpend(asm('RETURN 0x50'), items(1001));
    expect(verifyScript(new Uint8Array(0), scriptPubKey, { flags: TAPROOT_FLAGS, witness }).error).toBe('OK');
    expect(verifyScript(new Uint8Array(0), scriptPubKey, { flags: TAPROOT_FLAGS | FLAGS.DISCOURAGE_OP_SUCCESS, witness }).error).toBe(
      'DISCOURAGE_OP_SUCCESS',
    );
  });
});

describe('initial stack and witness items', () => {
  // 499 × 2DROP then DROP leaves one item of a 1000-item stack.
  const clear999 = concatBytes(bytes(499, 0x6d), Uint8Array.of(0x75));

  it('tapscript accepts 1000 initial items and rejects 1001 with STACK_SIZE', () => {
    expect(tap(clear999, items(1000)).error).toBe('OK');
    expect(tap(clear999, items(1001)).error).toBe('STACK_SIZE');
  });

  it('checks the initial stack of a real script-path spend', () => {
    const ok = scriptPathSpend(clear999, items(1000));
    expect(verifyScript(new Uint8Array(0), ok.scriptPubKey, { flags: TAPROOT_FLAGS, witness: ok.witness }).error).toBe('OK');
    const big = scriptPathSpend(clear999, items(1001));
    expect(verifyScript(new Uint8Array(0), big.scriptPubKey, { flags: TAPROOT_FLAGS, witness: big.witness }).error).toBe('STACK_SIZE');
  });

  it('witness v0 has no initial-stack check: an empty script leaves 1001 items (CLEANSTACK)', () => {
    expect(v0(new Uint8Array(0), items(1001)).error).toBe('CLEANSTACK');
    // ... but the first opcode trips the running limit.
    expect(v0(asm('NOP'), items(1001)).error).toBe('STACK_SIZE');
  });

  it('rejects a witness item over 520 bytes with PUSH_SIZE in both witness versions', () => {
    const script = asm('SIZE 520 NUMEQUAL NIP');
    expect(tap(script, [bytes(520)]).error).toBe('OK');
    expect(v0(script, [bytes(520)]).error).toBe('OK');
    expect(tap(script, [bytes(521)]).error).toBe('PUSH_SIZE');
    expect(v0(script, [bytes(521)]).error).toBe('PUSH_SIZE');
  });

  it('counts stack and altstack together against 1000', () => {
    expect(tap(asm('TOALTSTACK 1 1'), items(999)).error).toBe('STACK_SIZE'); // 1000 + 1 on the altstack
    expect(tap(asm('TOALTSTACK'), items(1000)).error).toBe('CLEANSTACK'); // 999 + 1: within the limit
    expect(tap(asm('TOALTSTACK 1'), items(1000)).error).toBe('STACK_SIZE');
    expect(evaluate(asm('TOALTSTACK TOALTSTACK 1'), items(999)).error).toBe('OK'); // 998 + 2
    expect(evaluate(asm('TOALTSTACK TOALTSTACK 1 1'), items(999)).error).toBe('STACK_SIZE');
  });
});

describe('MINIMALIF', () => {
  const ifTrue = asm('IF 1 ELSE 0 ENDIF');
  const notif = asm('NOTIF 0 ELSE 1 ENDIF');

  it('is consensus in tapscript (TAPSCRIPT_MINIMALIF), flag or not', () => {
    for (const arg of ['02', '0100', '00', '81', '0001']) {
      expect(tap(ifTrue, [fromHex(arg)]).error, arg).toBe('TAPSCRIPT_MINIMALIF');
      expect(tap(notif, [fromHex(arg)]).error, arg).toBe('TAPSCRIPT_MINIMALIF');
    }
    expect(tap(ifTrue, [fromHex('01')]).error).toBe('OK');
    expect(tap(ifTrue, [new Uint8Array(0)]).error).toBe('EVAL_FALSE');
    expect(tap(notif, [new Uint8Array(0)]).error).toBe('EVAL_FALSE');
  });

  it('is the MINIMALIF policy flag in witness v0, and nothing without it', () => {
    expect(v0(ifTrue, [fromHex('02')]).error).toBe('OK');
    expect(v0(ifTrue, [fromHex('02')], { flags: FLAGS.MINIMALIF }).error).toBe('MINIMALIF');
    expect(v0(ifTrue, [fromHex('0100')], { flags: FLAGS.MINIMALIF }).error).toBe('MINIMALIF');
    expect(v0(notif, [fromHex('00')], { flags: FLAGS.MINIMALIF }).error).toBe('MINIMALIF');
    expect(v0(ifTrue, [fromHex('01')], { flags: FLAGS.MINIMALIF }).error).toBe('OK');
  });

  it('does not apply to base scripts even with the flag', () => {
    expect(evaluate(ifTrue, [fromHex('02')], { flags: FLAGS.MINIMALIF }).error).toBe('OK');
  });

  it('looks only at executed IFs', () => {
    expect(tap(asm('0 IF IF ENDIF ENDIF 1'), [fromHex('02')]).error).toBe('CLEANSTACK');
    expect(tap(asm('DROP 0 IF IF ENDIF ENDIF 1'), [fromHex('02')]).error).toBe('OK');
  });
});

describe('CHECKMULTISIG in tapscript', () => {
  it('fails with TAPSCRIPT_CHECKMULTISIG whatever its arguments', () => {
    expect(tap(asm('0 0 0 CHECKMULTISIG')).error).toBe('TAPSCRIPT_CHECKMULTISIG');
    expect(tap(asm('0 0 0 CHECKMULTISIGVERIFY 1')).error).toBe('TAPSCRIPT_CHECKMULTISIG');
    expect(tap(asm('CHECKMULTISIG')).error).toBe('TAPSCRIPT_CHECKMULTISIG');
    expect(v0(asm('0 0 0 CHECKMULTISIG')).error).toBe('OK');
  });

  it('is harmless when not executed', () => {
    expect(tap(asm('0 IF CHECKMULTISIG ENDIF 1')).error).toBe('OK');
  });
});

describe('CHECKSIGADD', () => {
  const add = Uint8Array.of(0xba);
  const script = (tail: string) => concatBytes(add, asm(tail));

  it('is BAD_OPCODE outside tapscript when executed', () => {
    expect(v0(add, [new Uint8Array(0), new Uint8Array(0), KEY32]).error).toBe('BAD_OPCODE');
    expect(evaluate(add, [new Uint8Array(0), new Uint8Array(0), KEY32]).error).toBe('BAD_OPCODE');
    expect(v0(asm('0 IF 0xba ENDIF 1')).error).toBe('OK');
  });

  it('adds 0 for an empty signature', () => {
    const r = tap(script('5 NUMEQUAL'), [new Uint8Array(0), Uint8Array.of(5), KEY32]);
    expect(r.error).toBe('OK');
    expect(tap(add, [new Uint8Array(0), Uint8Array.of(5), KEY32]).stack).toEqual([Uint8Array.of(5)]);
  });

  it('fails with TAPSCRIPT_EMPTY_PUBKEY for an empty key, even with an empty signature', () => {
    expect(tap(add, [new Uint8Array(0), Uint8Array.of(5), new Uint8Array(0)]).error).toBe('TAPSCRIPT_EMPTY_PUBKEY');
    expect(tap(asm('CHECKSIG'), [new Uint8Array(0), new Uint8Array(0)]).error).toBe('TAPSCRIPT_EMPTY_PUBKEY');
  });

  it('counts a non-empty signature for an unknown key type as a success (upgradable key types)', () => {
    expect(tap(add, [Uint8Array.of(1), Uint8Array.of(5), KEY33]).stack).toEqual([Uint8Array.of(6)]);
    expect(tap(add, [new Uint8Array(0), Uint8Array.of(5), KEY33]).stack).toEqual([Uint8Array.of(5)]);
    expect(tap(asm('CHECKSIG'), [Uint8Array.of(1), KEY33]).stack).toEqual([Uint8Array.of(1)]);
  });

  it('fails with DISCOURAGE_UPGRADABLE_PUBKEYTYPE under that flag, empty signature or not', () => {
    const flags = FLAGS.DISCOURAGE_UPGRADABLE_PUBKEYTYPE;
    expect(tap(add, [Uint8Array.of(1), Uint8Array.of(5), KEY33], { flags }).error).toBe('DISCOURAGE_UPGRADABLE_PUBKEYTYPE');
    expect(tap(add, [new Uint8Array(0), Uint8Array.of(5), KEY33], { flags }).error).toBe('DISCOURAGE_UPGRADABLE_PUBKEYTYPE');
    // A 32-byte key is not upgradable: the empty signature just fails.
    expect(tap(add, [new Uint8Array(0), Uint8Array.of(5), KEY32], { flags }).stack).toEqual([Uint8Array.of(5)]);
  });

  it('needs three items and a 4-byte number', () => {
    expect(tap(add, [Uint8Array.of(5), KEY32]).error).toBe('INVALID_STACK_OPERATION');
    expect(tap(add, [new Uint8Array(0), bytes(5, 0x01), KEY32]).error).toBe('SCRIPTNUM');
    expect(tap(add, [new Uint8Array(0), fromHex('0500'), KEY32], { flags: FLAGS.MINIMALDATA }).error).toBe('SCRIPTNUM');
    expect(tap(add, [new Uint8Array(0), fromHex('0500'), KEY32]).stack).toEqual([Uint8Array.of(5)]);
  });

  it('fails CHECKSIGVERIFY on an empty signature with CHECKSIGVERIFY', () => {
    expect(tap(asm('CHECKSIGVERIFY 1'), [new Uint8Array(0), KEY32]).error).toBe('CHECKSIGVERIFY');
  });
});

describe('validation weight', () => {
  // Each executed signature check with a non-empty signature costs 50 (VALIDATION_WEIGHT_PER_SIGOP_PASSED).
  // <sig> 0 <key> CHECKSIGADD <sig> SWAP <key> CHECKSIGADD 2 NUMEQUAL, with upgradable 33-byte keys.
  const sig = pushDataBytes(Uint8Array.of(1));
  const key = pushDataBytes(KEY33);
  const twoChecks = concatBytes(sig, asm('0'), key, Uint8Array.of(0xba), sig, asm('SWAP'), key, Uint8Array.of(0xba), asm('2 NUMEQUAL'));

  it('allows as many non-empty signature checks as the budget pays for', () => {
    expect(tap(twoChecks, [], { validationWeight: 100 }).error).toBe('OK');
    expect(tap(twoChecks, [], { validationWeight: 99 }).error).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
    expect(tap(twoChecks, [], { validationWeight: 49 }).error).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
  });

  it('charges nothing for empty signatures', () => {
    expect(tap(asm('CHECKSIG NOT'), [new Uint8Array(0), KEY33], { validationWeight: 0 }).error).toBe('OK');
    expect(tap(asm('CHECKSIG'), [Uint8Array.of(1), KEY33], { validationWeight: 0 }).error).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
  });

  it('is the witness size plus 50 in a real script-path spend', () => {
    // 40 checks of a 1-byte signature against a 33-byte key need 2000 units; the witness is far smaller.
    const many = concatBytes(...Array.from({ length: 40 }, () => concatBytes(pushDataBytes(Uint8Array.of(1)), pushDataBytes(KEY33), asm('CHECKSIGVERIFY'))), asm('1'));
    const { scriptPubKey, witness } = scriptPathSpend(many, []);
    expect(verifyScript(new Uint8Array(0), scriptPubKey, { flags: TAPROOT_FLAGS, witness }).error).toBe('TAPSCRIPT_VALIDATION_WEIGHT');
    // Four extra 520-byte witness items (dropped by the script) add about 2092 units: enough.
    const padded = scriptPathSpend(concatBytes(asm('2DROP 2DROP'), many), items(4, bytes(520)));
    expect(verifyScript(new Uint8Array(0), padded.scriptPubKey, { flags: TAPROOT_FLAGS, witness: padded.witness }).error).toBe('OK');
  });
});

describe('script size and opcode count limits', () => {
  const nops202 = concatBytes(bytes(202, 0x61), asm('1'));
  const size10001 = concatBytes(bytes(10_000, 0x61), asm('1'));

  it('apply to witness v0 (OP_COUNT, SCRIPT_SIZE) and base scripts', () => {
    expect(v0(nops202).error).toBe('OP_COUNT');
    expect(v0(size10001).error).toBe('SCRIPT_SIZE');
    expect(evaluate(nops202, []).error).toBe('OP_COUNT');
    expect(v0(concatBytes(bytes(201, 0x61), asm('1'))).error).toBe('OK');
  });

  it('do not apply to tapscript', () => {
    expect(tap(nops202).error).toBe('OK');
    expect(tap(size10001).error).toBe('OK');
    expect(tap(asm('0 0 0 CHECKMULTISIG')).error).toBe('TAPSCRIPT_CHECKMULTISIG'); // no OP_COUNT first either
  });
});

describe('implicit clean stack of witness scripts', () => {
  it('requires exactly one true item in witness v0 and tapscript', () => {
    for (const run of [tap, v0]) {
      expect(run(asm('1 1')).error).toBe('CLEANSTACK');
      expect(run(asm('')).error).toBe('CLEANSTACK');
      expect(run(asm('0')).error).toBe('EVAL_FALSE');
      expect(run(asm('0x01 0x80')).error).toBe('EVAL_FALSE'); // negative zero is false
      expect(run(asm('1')).error).toBe('OK');
    }
  });

  it('is opt-in (CLEANSTACK) for base scripts', () => {
    expect(evaluate(asm('1 1'), []).error).toBe('OK');
    expect(evaluate(asm('1 1'), [], { flags: FLAGS.CLEANSTACK }).error).toBe('CLEANSTACK');
    expect(evaluate(asm('0'), []).error).toBe('EVAL_FALSE');
  });
});

// Core's nOpCount: EvalScript counts opcodes above OP_16 (and CHECKMULTISIG's keys) only for BASE
// and WITNESS_V0 (`if (sigversion == SigVersion::BASE || sigversion == SigVersion::WITNESS_V0)`);
// in tapscript it stays 0. Every engine reports it the same way.
describe('op count by sigversion (Core counts in BASE and WITNESS_V0 only)', async () => {
  const { evaluate: evaluateOn } = await import('../../src/engine/index.js');
  const { loadNativeAddon } = await import('../../src/engine/native.js');
  const { evaluateBatchSync } = await import('../../src/engine/batch.js');
  const engines = loadNativeAddon() ? (['ts', 'native'] as const) : (['ts'] as const);
  const script = asm('1 NOP DUP DROP 2 ADD 3 NUMEQUAL');
  for (const engine of engines) {
    it(`${engine}: 5 in base and witness v0, 0 in tapscript`, () => {
      expect(evaluateOn(script, [], { sigVersion: 'base', engine }).opCount).toBe(5);
      expect(evaluateOn(script, [], { sigVersion: 'witness_v0', engine }).opCount).toBe(5);
      const r = evaluateOn(script, [], { sigVersion: 'tapscript', engine });
      expect([r.error, r.opCount]).toEqual(['OK', 0]);
      // Skipped branches, failures and CHECKMULTISIG's refusal count nothing either.
      expect(evaluateOn(asm('0 IF NOP NOP ENDIF 1'), [], { sigVersion: 'tapscript', engine }).opCount).toBe(0);
      expect(evaluateOn(asm('0 IF NOP NOP ENDIF 1'), [], { sigVersion: 'base', engine }).opCount).toBe(4);
      const m = evaluateOn(asm('0 0 0 CHECKMULTISIG'), [], { sigVersion: 'tapscript', engine });
      expect([m.error, m.opCount]).toEqual(['TAPSCRIPT_CHECKMULTISIG', 0]);
      const bad = evaluateOn(fromHex('75ff'), [Uint8Array.of(1)], { sigVersion: 'tapscript', engine });
      expect([bad.error, bad.opCount]).toEqual(['BAD_OPCODE', 0]);
    });
  }
  it('batch: 0 in tapscript, 5 in base, on the vector path and the scalar fallback alike', () => {
    // The last lane's item is not a minimal number: the vector path hands that lane to a scalar engine.
    const stacks = [[], [], [Uint8Array.of(1, 0)]];
    for (const [sigVersion, want] of [['tapscript', 0], ['base', 5]] as const) {
      const b = evaluateBatchSync(script, stacks, { sigVersion });
      expect(b.stats.vectorLanes).toBe(2);
      for (let i = 0; i < stacks.length; i++) expect(b.lane(i).opCount).toBe(want);
    }
  });
});

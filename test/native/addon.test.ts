import { ripemd160, sha1 } from '@noble/hashes/legacy.js';
import { sha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadNative, loadNativeAddon, nativeAddonPath, nativeLoadError, readNativeResult } from '../../src/engine/native.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import type { SignatureChecker } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';
import { evaluate as evaluateTs, verifyScript as verifyScriptTs } from '../../src/vm/verify.js';

const addon = loadNativeAddon();

describe('native addon availability', () => {
  it('loads when BSML_REQUIRE_NATIVE=1 (CI builds it; a silent build failure must not pass)', () => {
    if (process.env.BSML_REQUIRE_NATIVE === '1') expect(addon, nativeLoadError()).toBeDefined();
    else expect(typeof nativeLoadError()).toBe('string');
  });
});

// The addon is built with hidden visibility (CMakeLists.txt, bsml_export.h): of its own code it
// exports only Node-API's entry points, none of the core's or the batch engine's C or C++ symbols.
const nm = process.platform === 'linux' && addon ? spawnSync('nm', ['-D', '--defined-only', nativeAddonPath()], { encoding: 'utf8' }) : undefined;
describe.skipIf(!nm || nm.status !== 0)('native addon symbols', () => {
  it('exports no symbol of the core or the batch engine', () => {
    const names = nm!.stdout
      .split('\n')
      .map((l) => l.trim().split(/\s+/)[2])
      .filter((n): n is string => !!n);
    expect(names).toContain('napi_register_module_v1');
    // bsml_* (the C API), bsml:: (mangled _ZN4bsml / _ZNK4bsml ...), and nothing else from the sources.
    expect(names.filter((n) => /bsml/i.test(n))).toEqual([]);
  });
});

describe.skipIf(!addon)('native addon', () => {
  const a = addon!;
  const bytes = fc.uint8Array({ maxLength: 300 });

  it('hashes equal @noble/hashes (SHA-256, RIPEMD-160, SHA-1)', () => {
    fc.assert(
      fc.property(bytes, (b) => {
        expect(a.sha256(b)).toEqual(sha256(b));
        expect(a.ripemd160(b)).toEqual(ripemd160(b));
        expect(a.sha1(b)).toEqual(sha1(b));
      }),
      { numRuns: 500 },
    );
  });

  it('hashes every length at the padding boundaries, and long inputs', () => {
    for (const n of [0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 19, 20, 31, 32, 33, 47, 48, 49, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 520, 1000, 100_000]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);
      expect(a.sha256(b)).toEqual(sha256(b));
      expect(a.ripemd160(b)).toEqual(ripemd160(b));
      expect(a.sha1(b)).toEqual(sha1(b));
    }
  });

  it('hash opcodes equal @noble/hashes at every padding boundary (RIPEMD160, SHA1, SHA256, HASH160, HASH256)', () => {
    const ops: [number, (b: Uint8Array) => Uint8Array][] = [
      [0xa6, ripemd160],
      [0xa7, sha1],
      [0xa8, sha256],
      [0xa9, (b) => ripemd160(sha256(b))],
      [0xaa, (b) => sha256(sha256(b))],
    ];
    for (const n of [0, 1, 7, 8, 15, 16, 19, 20, 31, 32, 33, 55, 56, 63, 64, 65, 119, 120, 520]) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 89 + n) & 0xff);
      for (const [op, hash] of ops) {
        const r = readNativeResult(a.evaluate(Uint8Array.of(op), [b], 0, 0)!);
        expect(r.success, `opcode 0x${op.toString(16)} on ${n} bytes`).toBe(true);
        expect(r.stack, `opcode 0x${op.toString(16)} on ${n} bytes`).toEqual([hash(b)]);
      }
    }
  });

  it('reports its context size (the core working memory)', () => {
    expect(a.contextSize()).toBeGreaterThan(80_000);
    expect(a.contextSize()).toBeLessThan(200_000);
  });

  // The README and bsml.h give the context's size on 64-bit targets: the figure is sizeof's.
  it.skipIf(process.arch !== 'x64' && process.arch !== 'arm64')('the documented context size is bsml_context_size()', () => {
    const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const figures: [string, RegExp][] = [
      ['README.md', /`bsml_context_size\(\)` = ([\d,]+) bytes/],
      ['README.md', /Native memory is the context \(([\d,]+) bytes\)/],
      ['native/include/bsml/bsml.h', /bsml_context_size\(\) bytes: ([\d,]+) on 64-bit targets/],
    ];
    for (const [path, pattern] of figures) {
      const m = pattern.exec(read(path));
      expect(m, `${path} states the context size (${pattern})`).not.toBeNull();
      expect(Number(m![1].replaceAll(',', '')), `${path}: ${m![0]}`).toBe(a.contextSize());
    }
  });

  it('throws TypeError / RangeError for bad arguments instead of crashing', () => {
    const s = Uint8Array.of(0x51);
    const detached = new Uint8Array(4);
    structuredClone(detached.buffer, { transfer: [detached.buffer] });
    const bad: [() => unknown, ErrorConstructor][] = [
      [() => a.evaluate('51' as never, [], 0, 0), TypeError],
      [() => a.evaluate(new Uint16Array(2) as never, [], 0, 0), TypeError],
      [() => a.evaluate(detached, [], 0, 0), TypeError],
      [() => a.evaluate(s, [detached], 0, 0), TypeError],
      [() => a.evaluate(s, [1] as never, 0, 0), TypeError],
      [() => a.evaluate(s, {} as never, 0, 0), TypeError],
      [() => a.evaluate(s, [], 2, 0), RangeError],
      [() => a.evaluate(s, [], '0' as never, 0), TypeError],
      [() => a.evaluate(s, [], 0, -1), RangeError],
      [() => a.evaluate(s, [], 0, 2 ** 32), RangeError],
      [() => a.evaluate(s, [], 0, 1.5), RangeError],
      [() => a.evaluate(s, [], 0, '1' as never), TypeError],
      [() => a.evaluate(s, [], 3, 0, 0.5), RangeError],
      [() => a.evaluate(s, [], 3, 0, 'x' as never), TypeError],
      [() => a.evaluate(s, [], 0, 0, null, 5 as never), TypeError],
      [() => (a.evaluate as (...x: unknown[]) => unknown)(), TypeError],
      [() => a.verifyScript(s, null as never, [], 0), TypeError],
      [() => a.verifyScript(s, s, [s, 'x'] as never, 0), TypeError],
      [() => a.verifyScript(s, s, [], NaN), RangeError],
      [() => a.sha256(undefined as never), TypeError],
      [() => a.evaluate(s, [], 0, 0, null, null, [] as never), TypeError],
      [() => a.verifyScript(s, s, [], 0, null, 'x' as never), TypeError],
      [() => a.sha256(detached), TypeError],
    ];
    for (const [f, E] of bad) expect(f).toThrow(E);
  });

  it('survives hostile arrays and checkers', () => {
    const s = parseCoreAsm('0x01 0x01 0x01 0x02 CHECKSIG');
    const getterThrows = [Uint8Array.of(1)];
    Object.defineProperty(getterThrows, 0, { get: () => { throw new Error('boom'); } });
    expect(() => a.evaluate(s, getterThrows, 0, 0)).toThrow('boom');
    const hostile = new Proxy({}, { get: () => { throw new Error('trap'); } }) as SignatureChecker;
    const r = readNativeResult(a.evaluate(s, [], 0, 0, null, hostile)!);
    expect(r.error).toBe(1); // UNKNOWN_ERROR: the checker failed, as in the TypeScript engine
    const script = parseCoreAsm('0x01 0x01 0x01 0x02 CHECKSIG 1 ADD');
    const detaching: SignatureChecker = {
      checkEcdsaSignature: () => {
        structuredClone(script.buffer, { transfer: [script.buffer as ArrayBuffer] });
        return true;
      },
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    };
    const r2 = readNativeResult(a.evaluate(script, [], 0, 0, null, detaching)!);
    expect(r2.success).toBe(true);
    expect(r2.stack).toEqual([Uint8Array.of(2)]);
    expect(script.length).toBe(0); // the caller's script was detached mid-evaluation
  });

  it('writes results into a caller buffer, or a new one when it is too small', () => {
    const script = parseCoreAsm('0x4c 0xff 0x' + 'ab'.repeat(255) + ' DUP TOALTSTACK 7');
    const small = new Uint8Array(8);
    const packed = a.evaluate(script, [Uint8Array.of(9)], 0, 0, null, null, small)!;
    expect(packed).toBeInstanceOf(Uint8Array);
    const big = new Uint8Array(4096);
    const n = a.evaluate(script, [Uint8Array.of(9)], 0, 0, null, null, big)!;
    // 7 header words [success, error, opCount, stackSize, altstackSize, prefix, prefixFirst], one word per item, the bytes.
    expect(n).toBe(4 * (7 + 4) + 1 + 255 + 1 + 255);
    const want = { success: true, error: 0, opCount: 2, stack: [Uint8Array.of(9), new Uint8Array(255).fill(0xab), Uint8Array.of(7)], altstack: [new Uint8Array(255).fill(0xab)] };
    expect(readNativeResult(packed)).toEqual(want);
    expect(readNativeResult(n, big)).toEqual(want);
  });

  it('verifyScript (packed inputs): equal small result items come back as one Uint8Array', () => {
    const native = loadNative()!;
    const scriptSig = parseCoreAsm('5 0x08 0x0707070707070707');
    const scriptPubKey = parseCoreAsm('DUP 3DUP 0x08 0x0707070707070707 2DUP TOALTSTACK');
    const opts = { flags: 0, witness: [] as Uint8Array[] };
    const t = verifyScriptTs(scriptSig, scriptPubKey, opts);
    const n = native.verifyScript(scriptSig, scriptPubKey, opts)!;
    expect(n).toEqual(t);
    expect(n.stack.length).toBeGreaterThan(5);
    // The small items equal to 5 are one Uint8Array (as the TypeScript engine's DUPs are); 8-byte items are not shared.
    const fives = n.stack.filter((x) => x.length === 1);
    expect(new Set(fives).size).toBe(1);
    const eights = [...n.stack, ...n.altstack].filter((x) => x.length === 8);
    expect(new Set(eights).size).toBe(eights.length);
  });

  it('answers more than 1000 initial items (bsml_evaluate_large); declines a trace', () => {
    const many = Array.from({ length: 1001 }, () => new Uint8Array(0));
    expect(a.evaluate(Uint8Array.of(0x51), many, 0, 0)).toBeDefined();
    expect(loadNative()!.evaluate(Uint8Array.of(0x75), many, {})).toEqual(evaluateTs(Uint8Array.of(0x75), many));
    expect(loadNative()!.evaluate(Uint8Array.of(0x51), [], { trace: true })).toBeUndefined();
  });

  it('calls a JS checker synchronously, with the same arguments and outcome as TypeScript', () => {
    const calls: unknown[][] = [];
    const mk = (tag: string): SignatureChecker => ({
      checkEcdsaSignature: (sig, pk, code, sv) => (calls.push([tag, 'ecdsa', sig, pk, code, sv]), sig.length === 2),
      checkSchnorrSignature: (sig, pk, sv, ed) => (calls.push([tag, 'schnorr', sig, pk, sv, { ...ed }]), sig[0] === 1 ? true : sig[0] === 2 ? 'SCHNORR_SIG' : false),
      checkLockTime: (n) => (calls.push([tag, 'cltv', n]), n === 5),
      checkSequence: (n) => (calls.push([tag, 'csv', n]), n === 7),
    });
    const native = loadNative()!;
    const cases: [string, 'base' | 'witness_v0' | 'tapscript', number][] = [
      ['0x02 0x3044 0x01 0x02 CHECKSIGVERIFY 0x01 0x07 CODESEPARATOR 1 CHECKSIG', 'base', 0],
      ['0 0x02 0x3044 0x01 0x02 2 0x01 0x05 0x01 0x06 2 CHECKMULTISIG', 'witness_v0', 0],
      ['5 CHECKLOCKTIMEVERIFY 7 CHECKSEQUENCEVERIFY 2DROP 1', 'base', FLAGS.CHECKLOCKTIMEVERIFY | FLAGS.CHECKSEQUENCEVERIFY],
      ['6 CHECKLOCKTIMEVERIFY', 'base', FLAGS.CHECKLOCKTIMEVERIFY],
      ['0x01 0x01 0x20 0x' + '11'.repeat(32) + ' CHECKSIGVERIFY CODESEPARATOR 0x01 0x02 0x20 0x' + '22'.repeat(32) + ' CHECKSIG', 'tapscript', 0],
      ['0x01 0x03 0x20 0x' + '11'.repeat(32) + ' CHECKSIG', 'tapscript', 0],
      // OP_CODESEPARATOR positions count every instruction before it, unexecuted ones and pushes included.
      ['0 IF 0x02 0x1122 CODESEPARATOR 3 ENDIF 0x01 0x01 0x20 0x' + '11'.repeat(32) + ' CHECKSIGVERIFY CODESEPARATOR 0x4c 0x01 0x05 DROP 1 IF CODESEPARATOR ENDIF 0x01 0x01 0x20 0x' + '22'.repeat(32) + ' CHECKSIG', 'tapscript', 0],
    ];
    for (const [asm, sigVersion, flags] of cases) {
      const script = parseCoreAsm(asm);
      calls.length = 0;
      const t = evaluateTs(script, [], { sigVersion, flags, checker: mk('x') });
      const tsCalls = calls.splice(0);
      const n = native.evaluate(script, [], { sigVersion, flags, checker: mk('x') })!;
      expect(n, asm).toEqual(t);
      expect(calls, asm).toEqual(tsCalls);
      expect(tsCalls.length, asm).toBeGreaterThan(0);
    }
  });

  it('treats a throwing checker as TypeScript does (UNKNOWN_ERROR)', () => {
    const checker = { checkEcdsaSignature: () => { throw new Error('x'); } } as unknown as SignatureChecker;
    const script = parseCoreAsm('0x01 0x01 0x01 0x02 CHECKSIG');
    const t = evaluateTs(script, [], { checker });
    expect(loadNative()!.evaluate(script, [], { checker })).toEqual(t);
    expect(t.error).toBe('UNKNOWN_ERROR');
  });

  it('lets an exception from a taproot key-path checker propagate, as TypeScript does', () => {
    const checker = { checkSchnorrSignature: () => { throw new Error('key path'); } } as unknown as SignatureChecker;
    const spk = Uint8Array.of(0x51, 0x20, ...new Uint8Array(32).fill(3));
    const opts = { flags: FLAGS.WITNESS | FLAGS.TAPROOT, witness: [new Uint8Array(64)], checker };
    expect(() => verifyScriptTs(new Uint8Array(0), spk, opts)).toThrow('key path');
    expect(() => loadNative()!.verifyScript(new Uint8Array(0), spk, opts)).toThrow('key path');
  });

  it('lets a checker call the engine again (nested evaluations)', () => {
    const native = loadNative()!;
    const inner = parseCoreAsm('2 3 ADD 5 NUMEQUAL');
    const checker: SignatureChecker = {
      checkEcdsaSignature: () => native.evaluate(inner, [], {})!.success,
      checkSchnorrSignature: () => false,
      checkLockTime: () => false,
      checkSequence: () => false,
    };
    const r = native.evaluate(parseCoreAsm('0x01 0x01 0x01 0x02 CHECKSIG 7'), [], { checker })!;
    expect(r.stack).toEqual([Uint8Array.of(1), Uint8Array.of(7)]);
  });
});

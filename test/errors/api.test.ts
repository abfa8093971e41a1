/** docs/errors.md "Script API": typed errors for arguments of the wrong JavaScript type, on every engine. */
import { describe, expect, it } from 'vitest';
import { ArgumentError, evaluate, verifyScript, EngineError, type EngineName } from '../../src/engine/index.js';
import { loadNativeAddon } from '../../src/engine/native.js';
import { fromAsm, parseCoreAsm } from '../../src/script/asm.js';
import { fromHex } from '../../src/script/bytes.js';
import { parseStackList } from '../../src/script/stack-list.js';
import { parseInternalKey } from '../../src/bitcoin/taproot.js';
import { parseFlags } from '../../src/vm/flags.js';
import { thrown } from '../helpers/errors.js';

const ONE = Uint8Array.of(0x51);
const engines: EngineName[] = loadNativeAddon() ? ['ts', 'native'] : ['ts'];

function detached(): Uint8Array {
  const buf = new ArrayBuffer(8);
  const u = new Uint8Array(buf);
  structuredClone(buf, { transfer: [buf] });
  return u;
}

function badArgument(f: () => unknown, message: string | RegExp): void {
  const e = thrown(f);
  expect(e).toBeInstanceOf(ArgumentError);
  expect(e.code).toBe('BAD_ARGUMENT');
  if (typeof message === 'string') expect(e.message).toBe(message);
  else expect(e.message).toMatch(message);
}

const ev = (...a: unknown[]) => () => (evaluate as (...x: unknown[]) => unknown)(...a);
const vs = (...a: unknown[]) => () => (verifyScript as (...x: unknown[]) => unknown)(...a);

describe.each(engines)('engine %s', (engine) => {
  it('api-script-type', () => {
    badArgument(ev('51', [], { engine }), 'evaluate: script must be a Uint8Array, got the string "51"');
    badArgument(ev(null, [], { engine }), 'evaluate: script must be a Uint8Array, got null');
    badArgument(ev([0x51], [], { engine }), 'evaluate: script must be a Uint8Array, got an Array');
    badArgument(vs(ONE, 'x', { engine }), 'verifyScript: scriptPubKey must be a Uint8Array, got the string "x"');
    // A string is cut to 40 characters, its control characters (DEL and C1 too) escaped.
    badArgument(ev('\u009b2J' + 'x'.repeat(36) + '\u007fyz', [], { engine }), `evaluate: script must be a Uint8Array, got the string "\\u009b2J${'x'.repeat(36)}\\u007f…"`);
  });
  it('api-stack-type', () => {
    badArgument(ev(ONE, 'x', { engine }), 'evaluate: stack must be an Array of Uint8Array, got the string "x"');
    badArgument(ev(ONE, [ONE, 5], { engine }), 'evaluate: stack[1] must be a Uint8Array, got number 5');
  });
  it('api-detached', () => {
    badArgument(ev(detached(), [], { engine }), 'evaluate: script is a Uint8Array over a detached ArrayBuffer');
    badArgument(ev(ONE, [ONE, detached()], { engine }), 'evaluate: stack[1] is a Uint8Array over a detached ArrayBuffer');
  });
  it('api-sigversion', () => {
    badArgument(ev(ONE, [], { engine, sigVersion: 'taproot' }), `evaluate: options.sigVersion must be 'base', 'witness_v0' or 'tapscript', got the string "taproot"`);
    badArgument(ev(ONE, [], { engine, sigVersion: 3 }), /options\.sigVersion .* got number 3$/);
  });
  it('api-flags', () => {
    for (const flags of [-1, 1.5, 2 ** 32, 'P2SH', NaN]) badArgument(ev(ONE, [], { engine, flags }), /^evaluate: options\.flags must be an integer in \[0, 2\^32\)/);
    badArgument(vs(new Uint8Array(0), ONE, { engine, flags: -1 }), /^verifyScript: options\.flags/);
  });
  it('api-weight', () => {
    for (const validationWeight of [NaN, 1.5, 2 ** 60, '50']) {
      badArgument(ev(ONE, [], { engine, sigVersion: 'tapscript', validationWeight }), /^evaluate: options\.validationWeight must be a safe integer/);
    }
  });
  it('api-witness', () => {
    badArgument(vs(new Uint8Array(0), ONE, { engine, witness: 'x' }), 'verifyScript: options.witness must be an Array of Uint8Array, got the string "x"');
    badArgument(vs(new Uint8Array(0), ONE, { engine, witness: [ONE, {}] }), 'verifyScript: options.witness[1] must be a Uint8Array, got Object');
  });
  it('valid arguments still evaluate (including a script Core rejects)', () => {
    expect(evaluate(ONE, [], { engine }).success).toBe(true);
    expect(evaluate(Uint8Array.of(0x4c), [], { engine }).error).toBe('BAD_OPCODE');
    expect(evaluate(Buffer.from([0x75, 0x51]), [Buffer.alloc(0)], { engine, flags: 0xffffffff }).error).toBe('OK');
  });
});

describe('names', () => {
  it('api-engine', () => {
    const e = thrown(ev(ONE, [], { engine: 'gpu' }));
    expect(e).toBeInstanceOf(EngineError);
    expect([e.code, e.message]).toEqual(['BAD_ENGINE', 'unknown engine "gpu" (expected auto, ts or native)']);
  });
  it('api-asm', () => {
    const e = thrown(() => parseCoreAsm('1 FOO'));
    expect([e.code, e.message]).toEqual(['BAD_ASM', 'bad ASM token "FOO" (token 2): not a number, 0x-hex, quoted string or opcode name']);
    expect(thrown(() => fromAsm('OP_1 OP_NOPE')).code).toBe('BAD_ASM');
  });
  it('api-hex', () => {
    expect(thrown(() => fromHex('abc')).message).toBe('bad hex "abc": odd number of hex digits (3)');
    const e = thrown(() => fromHex('51zz'));
    expect([e.code, e.message]).toEqual(['BAD_HEX', `bad hex "51zz": 'z' at position 2 is not a hex digit`]);
  });
  it('api-stack-list', () => {
    const e = thrown(() => parseStackList('01,0g'));
    expect([e.code, e.message]).toEqual(['BAD_STACK_ITEM', `--stack item 1: bad hex "0g": 'g' at position 1 is not a hex digit`]);
  });
  it('api-internal-key', () => {
    const e = thrown(() => parseInternalKey('abcd'));
    expect([e.code, e.message]).toEqual(['BAD_TAPROOT', '--internal-key must be 32 bytes (64 hex digits, x-only), got 2 bytes']);
    expect(thrown(() => parseInternalKey('zz')).code).toBe('BAD_HEX');
  });
  it('api-flag-name', () => {
    const e = thrown(() => parseFlags('P2SH,BOGUS'));
    expect(e.code).toBe('BAD_FLAG');
    expect(e.message).toMatch(/^unknown flag "BOGUS" \(known: NONE, P2SH, /);
  });
});

/**
 * isDetached (src/engine/arguments.ts), which every Uint8Array argument of the engine API goes
 * through: true exactly for views over a detached (transferred) ArrayBuffer, whatever the view's
 * length, offset or backing store, and unchanged by a patched Uint8Array.prototype. The errors it
 * leads to: test/errors/api.test.ts and test/errors/many.test.ts.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isDetached } from '../../src/engine/arguments.js';

// Transfers `u`'s buffer away (structuredClone with transfer), which detaches it.
function detach<T extends Uint8Array>(u: T): T {
  structuredClone(u.buffer, { transfer: [u.buffer as ArrayBuffer] });
  return u;
}

describe('isDetached', () => {
  const at = Object.getOwnPropertyDescriptor(Uint8Array.prototype, 'at');
  afterEach(() => {
    if (at) Object.defineProperty(Uint8Array.prototype, 'at', at);
    else delete (Uint8Array.prototype as { at?: unknown }).at;
  });

  it('is false for attached views, empty or not', () => {
    const big = new Uint8Array(100);
    const attached = [
      new Uint8Array(0),
      new Uint8Array(new ArrayBuffer(0)),
      new Uint8Array(3),
      big,
      big.subarray(100), // empty, at a non-zero offset
      big.subarray(10, 10),
      new Uint8Array(new ArrayBuffer(16), 4, 0),
      new Uint8Array(new SharedArrayBuffer(0)),
      Buffer.alloc(0),
      Buffer.from('ab'),
    ];
    for (const u of attached) expect(isDetached(u)).toBe(false);
  });

  it('is true for views over a detached buffer (whole, offset, empty, Buffer)', () => {
    const whole = detach(new Uint8Array(8));
    const empty = detach(new Uint8Array(0));
    const buffer = new ArrayBuffer(16);
    const part = new Uint8Array(buffer, 4, 4);
    const rest = new Uint8Array(buffer, 16);
    detach(new Uint8Array(buffer));
    for (const u of [whole, empty, part, rest]) {
      expect(u.length).toBe(0);
      expect(isDetached(u)).toBe(true);
    }
  });

  it('follows a resizable buffer: a length-tracking view shrunk to empty is attached', () => {
    // Resizable buffers are ES2024 (tsconfig's lib is ES2022): the constructor typed as Node 20 has it.
    const Resizable = ArrayBuffer as unknown as new (length: number, options: { maxByteLength: number }) => ArrayBuffer & { resize(n: number): void };
    const rab = new Resizable(8, { maxByteLength: 16 });
    if (typeof rab.resize !== 'function') return; // engines without resizable buffers
    const tracking = new Uint8Array(rab);
    rab.resize(0);
    expect(tracking.length).toBe(0);
    expect(isDetached(tracking)).toBe(false);
    detach(tracking);
    expect(isDetached(tracking)).toBe(true);
  });

  it('is not fooled by a patched Uint8Array.prototype.at', () => {
    Object.defineProperty(Uint8Array.prototype, 'at', { value: () => undefined, configurable: true, writable: true });
    expect(isDetached(detach(new Uint8Array(4)))).toBe(true);
    Object.defineProperty(Uint8Array.prototype, 'at', {
      value: () => {
        throw new TypeError('patched');
      },
      configurable: true,
      writable: true,
    });
    expect(isDetached(new Uint8Array(0))).toBe(false);
  });
});

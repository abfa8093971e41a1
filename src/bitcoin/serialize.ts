/** Bitcoin's wire serialization pieces that signature hashing needs (a small byte writer). */
import { compactSize } from '../vm/taproot.js';

/** Appends bytes and little-endian integers; `bytes()` returns the result. */
export class ByteWriter {
  private parts: Uint8Array[] = [];
  private size = 0;

  /** Raw bytes. */
  write(b: Uint8Array): this {
    this.parts.push(b);
    this.size += b.length;
    return this;
  }
  /** One byte. */
  u8(n: number): this {
    return this.write(Uint8Array.of(n & 0xff));
  }
  /** 32-bit little-endian (signed values are written as their two's complement). */
  u32(n: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n >>> 0, true);
    return this.write(b);
  }
  /**
   * 64-bit little-endian two's complement (amounts; -1 for Core's null output). A value outside
   * the signed 64-bit range throws a RangeError rather than being written modulo 2^64 (callers
   * check amounts first and name them; this is the last guard).
   */
  i64(n: bigint): this {
    if (typeof n !== 'bigint' || BigInt.asIntN(64, n) !== n) throw new RangeError(`amount ${String(n)} does not fit 64 bits`);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, n), true);
    return this.write(b);
  }
  /** CompactSize length prefix. */
  varint(n: number): this {
    return this.write(compactSize(n));
  }
  /** Length-prefixed bytes (a script or a witness item). */
  varbytes(b: Uint8Array): this {
    return this.varint(b.length).write(b);
  }
  /** Everything written so far. */
  bytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

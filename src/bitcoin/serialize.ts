/** Bitcoin's wire serialization: the small byte writer signature hashing needs, and Core's rules for reading a transaction (transactionEncodingProblem). */
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

/** Core's `MAX_SIZE` (serialize.h): the largest length or count a CompactSize may give. */
export const MAX_SIZE = 0x02000000;

/** A refusal of Core's transaction deserializer: its message and the byte offset it stopped at. */
class Refused {
  constructor(readonly at: number, readonly core: string) {}
}

/** Reads a serialized transaction as Core's stream does, throwing Refused where Core throws. */
class CoreTxReader {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  skip(n: number): void {
    if (this.b.length - this.pos < n) throw new Refused(this.pos, 'DataStream::read(): end of data');
    this.pos += n;
  }
  u8(): number {
    this.skip(1);
    return this.b[this.pos - 1]!;
  }
  le(n: number): bigint {
    this.skip(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(this.b[this.pos - n + i]!);
    return v;
  }
  /** Core's ReadCompactSize(range_check = true). */
  compactSize(): number {
    const at = this.pos;
    const first = this.u8();
    let n: bigint;
    if (first < 0xfd) n = BigInt(first);
    else if (first === 0xfd) n = this.le(2);
    else if (first === 0xfe) n = this.le(4);
    else n = this.le(8);
    const least = first === 0xfd ? 0xfdn : first === 0xfe ? 0x10000n : first === 0xff ? 0x100000000n : 0n;
    if (n < least) throw new Refused(at, 'non-canonical ReadCompactSize()');
    if (n > BigInt(MAX_SIZE)) throw new Refused(at, 'ReadCompactSize(): size too large');
    return Number(n);
  }
  /** A length-prefixed byte string (a script or a witness item); returns its length. */
  bytes(): number {
    const n = this.compactSize();
    this.skip(n);
    return n;
  }
  inputs(): number {
    const n = this.compactSize();
    for (let i = 0; i < n; i++) {
      this.skip(36); // prevout
      this.bytes(); // scriptSig
      this.skip(4); // nSequence
    }
    return n;
  }
  outputs(): void {
    const n = this.compactSize();
    for (let i = 0; i < n; i++) {
      this.skip(8); // nValue
      this.bytes(); // scriptPubKey
    }
  }
}

/**
 * Why `tx` is not a transaction Bitcoin Core reads, or undefined when it is: Core's
 * UnserializeTransaction with witnesses allowed (primitives/transaction.h), then no byte left (as
 * DecodeHexTx requires). Every CompactSize must be canonical and at most MAX_SIZE; after an empty
 * input list the next byte is the flag: bit 1 means witnesses follow the outputs ("Superfluous
 * witness record" if every witness is empty), any other bit is "Unknown transaction optional
 * data". bitcoinjs-lib's `Transaction.fromBuffer` reads non-canonical sizes as if canonical (and
 * re-serializes them canonically for the txid and the signature hashes), so a caller that parses
 * raw transactions with it checks them here first. The message names the byte offset and Core's
 * own message.
 */
export function transactionEncodingProblem(tx: Uint8Array): string | undefined {
  const r = new CoreTxReader(tx);
  try {
    r.skip(4); // version
    let inputs = r.inputs();
    let flags = 0;
    if (inputs === 0) {
      // An empty input list, or the segwit marker: the flag byte follows.
      const flagAt = r.pos;
      flags = r.u8();
      if (flags !== 0) {
        inputs = r.inputs();
        r.outputs();
      }
      if (flags & 1) {
        let anyWitness = false;
        for (let i = 0; i < inputs; i++) {
          const items = r.compactSize();
          for (let j = 0; j < items; j++) r.bytes();
          if (items > 0) anyWitness = true;
        }
        if (!anyWitness) throw new Refused(flagAt, 'Superfluous witness record');
      }
      if (flags & ~1) throw new Refused(flagAt, 'Unknown transaction optional data');
    } else {
      r.outputs();
    }
    r.skip(4); // nLockTime
  } catch (e) {
    if (e instanceof Refused) return `byte ${e.at}: ${e.core} (Core refuses to read it)`;
    throw e;
  }
  if (r.pos !== tx.length) return `byte ${r.pos}: ${tx.length - r.pos} byte(s) after the transaction (Core refuses to read it)`;
  return undefined;
}

#!/usr/bin/env node
/**
 * Seeds for the native fuzz targets (native/fuzz), generated from Bitcoin Core's public script
 * vectors (test/fixtures/script_tests.native.txt) and a list of script-number edge cases.
 *
 *   node scripts/gen-fuzz-corpus.mjs OUTDIR          full corpus: OUTDIR/eval, OUTDIR/scriptnum, OUTDIR/batch
 *   node scripts/gen-fuzz-corpus.mjs --seeds         the small committed set in native/fuzz/seeds
 *
 * Input format (native/fuzz/fuzz_input.h): [control][flags u32 LE] then items [u16 LE length][bytes].
 * No dependencies beyond Node (it runs before `npm run build`).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

const fromHex = (h) => (h === '-' ? new Uint8Array(0) : Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16)));

/** One fuzz input for the eval target. */
export function evalInput(control, flags, items) {
  const parts = [Uint8Array.of(control, flags & 0xff, (flags >>> 8) & 0xff, (flags >>> 16) & 0xff, (flags >>> 24) & 0xff)];
  for (const it of items) {
    if (it.length > 0xffff) throw new Error(`item of ${it.length} bytes does not fit the fuzz format`);
    parts.push(Uint8Array.of(it.length & 0xff, it.length >>> 8), it);
  }
  return Buffer.concat(parts);
}

/** Core's vectors, pre-parsed: { index, flags, scriptSig, scriptPubKey, witness }. */
export function readVectors() {
  const text = readFileSync(join(root, 'test/fixtures/script_tests.native.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [index, flags, , sig, spk, count, ...wit] = l.split(' ');
      if (wit.length !== Number(count)) throw new Error(`script_tests.native.txt: case ${index}: witness count mismatch`);
      return { index: Number(index), flags: parseInt(flags, 16), scriptSig: fromHex(sig), scriptPubKey: fromHex(spk), witness: wit.map(fromHex) };
    });
}

/** Inputs for the eval target derived from one vector case. */
export function evalSeeds(v) {
  const out = [[`v${v.index}-verify`, evalInput(4, v.flags, [v.scriptSig, v.scriptPubKey, ...v.witness])]];
  const joined = Buffer.concat([v.scriptSig, v.scriptPubKey]);
  out.push([`v${v.index}-base`, evalInput(0, v.flags, [joined])]);
  out.push([`v${v.index}-base-checker`, evalInput(8, v.flags, [joined])]);
  if (v.witness.length > 0) {
    const script = v.witness[v.witness.length - 1];
    const stack = v.witness.slice(0, -1);
    out.push([`v${v.index}-wv0`, evalInput(1, v.flags, [script, ...stack])]);
    out.push([`v${v.index}-tapscript`, evalInput(2 | 8, v.flags, [script, ...stack])]);
  }
  return out;
}

/** Minimal script-number encoding of a bigint (Core's CScriptNum::serialize). */
export function encodeNum(value) {
  if (value === 0n) return new Uint8Array(0);
  const neg = value < 0n;
  let abs = neg ? -value : value;
  const out = [];
  while (abs > 0n) {
    out.push(Number(abs & 0xffn));
    abs >>= 8n;
  }
  if (out[out.length - 1] & 0x80) out.push(neg ? 0x80 : 0);
  else if (neg) out[out.length - 1] |= 0x80;
  return Uint8Array.from(out);
}

/** Push payloads of at most 9 bytes found in a script (a number candidate each). */
function smallPushes(script) {
  const found = [];
  for (let pc = 0; pc < script.length; ) {
    const op = script[pc++];
    let n = 0;
    if (op >= 1 && op <= 75) n = op;
    else if (op === 0x4c) n = script[pc++] ?? 0;
    else if (op === 0x4d) (n = (script[pc] ?? 0) | ((script[pc + 1] ?? 0) << 8)), (pc += 2);
    else if (op === 0x4e) (n = (script[pc] ?? 0) | ((script[pc + 1] ?? 0) << 8)), (pc += 4);
    if (n > 0 && n <= 9 && pc + n <= script.length) found.push(script.subarray(pc, pc + n));
    pc += n;
  }
  return found;
}

/** Inputs for the scriptnum target: control byte (max size, MINIMALDATA) then the encoding. */
export function scriptnumSeeds(vectors) {
  const values = [0n, 1n, -1n, 16n, 127n, -127n, 128n, -128n, 255n, -255n, 256n, 32767n, 32768n, -32768n, 8388607n,
    8388608n, 2147483647n, -2147483647n, 2147483648n, -2147483648n, 549755813887n, -549755813887n, 549755813888n,
    (1n << 63n) - 1n, -((1n << 63n) - 1n)];
  const encodings = new Map();
  const add = (b) => encodings.set(Buffer.from(b).toString('hex'), Uint8Array.from(b));
  for (const v of values) add(encodeNum(v));
  for (const b of [[0], [0x80], [0, 0], [0, 0x80], [1, 0], [0x7f, 0x80], [0xff, 0xff, 0xff, 0x7f, 0], [0, 0, 0, 0, 0x80]]) add(b);
  for (const v of vectors) for (const s of [v.scriptSig, v.scriptPubKey, ...v.witness]) for (const p of smallPushes(s)) add(p);
  const out = [];
  for (const [hex, b] of encodings) {
    for (const control of [3, 3 | 8, 4 | 8, 7]) out.push([`n${control}-${hex || 'empty'}`, Buffer.concat([Uint8Array.of(control), b])]);
  }
  return out;
}

/** Little-endian two's complement of a bigint in 8 bytes (the batch target sign-extends shorter items). */
function int64Bytes(v) {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt.asIntN(64, v), true);
  return out;
}

/**
 * Inputs for the batch target: [control][flags] [depth][lanes] script, then lanes x depth values
 * (int64 lanes: 8-byte little-endian; byte lanes: the number's script encoding).
 */
export function batchSeeds(vectors) {
  const hex = (h) => Uint8Array.from(h.match(/../g), (x) => parseInt(x, 16));
  // Arithmetic the vector path takes (ADD/SUB/compare/IF/MIN/MAX/WITHIN/stack shuffles), and a few it declines.
  const scripts = [
    [2, '93'], [2, '9455a0'], [1, '76009f6391670068'], [1, '7600a26891'], [3, 'a5'], [2, 'a3'], [2, 'a4'], [2, '7c9493'],
    [1, '8b8c8f90'], [3, '7b7c7e937693'], [2, '6b6c93'], [1, '766393675168'], [2, '9c69'], [4, '0379977a9393'], [2, '7e'],
  ].map(([d, h]) => [d, hex(h)]);
  for (const v of vectors.slice(0, 60)) if (v.scriptPubKey.length && v.scriptPubKey.length < 200) scripts.push([v.witness.length ? 1 : 0, v.scriptPubKey]);
  const values = [0n, 1n, -1n, 2n, 127n, 128n, -129n, 32767n, 2147483647n, -2147483647n, 2147483648n, 549755813887n, -(1n << 63n)];
  const out = [];
  scripts.forEach(([depth, script], si) => {
    for (const control of [0, 2, 4 | 2, 8 | 2, 12 | 2, 16 | 2, 32 | 2, 64 | 1]) {
      const lanes = 17;
      const items = [script];
      for (let l = 0; l < lanes; l++) {
        for (let j = 0; j < depth; j++) {
          const v = values[(l * 7 + j * 3 + si) % values.length];
          items.push(control & 16 ? encodeNum(v) : int64Bytes(v));
        }
      }
      const head = evalInput(control, 0x40, []);
      const parts = [head, Uint8Array.of(depth, lanes)];
      for (const it of items) parts.push(Uint8Array.of(it.length & 0xff, it.length >>> 8), it);
      out.push([`b${si}-c${control}`, Buffer.concat(parts)]);
    }
  });
  return out;
}

function writeAll(dir, entries) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of entries) writeFileSync(join(dir, name), bytes);
  return entries.length;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const vectors = readVectors();
  const evalAll = vectors.flatMap(evalSeeds);
  const numAll = scriptnumSeeds(vectors);
  const batchAll = batchSeeds(vectors);
  if (process.argv[2] === '--seeds') {
    // Every 25th case of each: small enough to commit, broad enough to exercise each harness path.
    const every = (list, k) => list.filter((_, i) => i % k === 0);
    const base = join(root, 'native/fuzz/seeds');
    const a = writeAll(join(base, 'eval'), every(evalAll, 25));
    const b = writeAll(join(base, 'scriptnum'), every(numAll, 25));
    const c = writeAll(join(base, 'batch'), every(batchAll, 9));
    process.stdout.write(`wrote ${a} eval, ${b} scriptnum and ${c} batch seeds to native/fuzz/seeds\n`);
  } else if (process.argv[2]) {
    const a = writeAll(join(process.argv[2], 'eval'), evalAll);
    const b = writeAll(join(process.argv[2], 'scriptnum'), numAll);
    const c = writeAll(join(process.argv[2], 'batch'), batchAll);
    process.stdout.write(`wrote ${a} eval, ${b} scriptnum and ${c} batch inputs to ${process.argv[2]}\n`);
  } else {
    process.stderr.write('usage: node scripts/gen-fuzz-corpus.mjs (OUTDIR | --seeds)\n');
    process.exit(2);
  }
}

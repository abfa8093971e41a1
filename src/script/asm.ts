/**
 * Two ASM dialects:
 *
 * - `parseCoreAsm`: the syntax of Bitcoin Core's script test vectors (`ParseScript` in
 *   core_io.cpp): decimal numbers, `0x..` raw bytes spliced as they are, `'text'` pushes and
 *   opcode names with or without `OP_`. `toCoreAsm` writes any bytes in it (Core's `FormatScript`).
 * - `toAsm` / `fromAsm`: a readable ASM that round-trips with bitcoinjs-lib's
 *   `script.toASM` / `script.fromASM` (data as hex pushed minimally, opcodes by name), extended
 *   so that every byte string, even a malformed one, has an exact and lossless form:
 *   `OP_PUSHBYTES_<n>:<hex>` / `OP_PUSHDATA1:<hex>` (etc.) for non-minimal pushes,
 *   `OP_UNKNOWN_0x<byte>` for unnamed opcodes and `OP_TRUNCATED:<hex>` for a push that runs past
 *   the end of the script. Bytes 0xfd and 0xfe are printed as bitcoinjs-lib prints them
 *   (`OP_PUBKEYHASH`, `OP_PUBKEY`).
 */
import { fromHex, isHex, toHex, concatBytes } from './bytes.js';
import { coreOpName, OP, opcodeByName, opcodeInfo } from './opcodes.js';
import { isMinimalPush, isTruncated, pushData, pushDataBytes, readInstruction } from './script.js';
import { encodeScriptNum } from './scriptnum.js';
import { BsmlError } from '../errors.js';
import { quote } from '../io/quote.js';

/** A bad ASM token; names the token and its position (1-based token index). */
export class AsmError extends BsmlError {
  readonly code = 'BAD_ASM';
  override readonly name = 'AsmError';
  constructor(readonly token: string, readonly index: number, detail: string) {
    super(`bad ASM token ${quote(token)} (token ${index}): ${detail}`);
  }
}

const CORE_NAMES: Map<string, number> = (() => {
  const m = new Map<string, number>();
  const add = (code: number) => {
    const name = opcodeInfo(code)!.name;
    m.set(name, code);
    m.set(name.slice(3), code);
  };
  add(OP.OP_RESERVED);
  for (let c = OP.OP_NOP; c <= OP.OP_NOP10; c++) add(c);
  return m;
})();

const MAX_ASM_NUM = 0xffffffffn;
const utf8 = new TextEncoder();

/** Parses Bitcoin Core test-vector ASM into script bytes (rules: docs of ParseScript). */
export function parseCoreAsm(asm: string): Uint8Array {
  const parts: Uint8Array[] = [];
  const tokens = asm.split(/[ \t\n]/);
  let index = 0;
  for (const w of tokens) {
    if (w === '') continue;
    index++;
    if (/^[0-9]+$/.test(w) || /^-[0-9]+$/.test(w)) {
      const n = BigInt(w);
      if (n > MAX_ASM_NUM || n < -MAX_ASM_NUM) throw new AsmError(w, index, 'number out of range [-4294967295, 4294967295]');
      parts.push(pushInt(Number(n)));
    } else if (w.startsWith('0x') && w.length > 2 && isHex(w.slice(2))) {
      parts.push(fromHex(w.slice(2)));
    } else if (w.length >= 2 && w.startsWith("'") && w.endsWith("'")) {
      parts.push(pushDataBytes(utf8.encode(w.slice(1, -1))));
    } else {
      const code = CORE_NAMES.get(w);
      if (code === undefined) throw new AsmError(w, index, 'not a number, 0x-hex, quoted string or opcode name');
      parts.push(Uint8Array.of(code));
    }
  }
  return concatBytes(...parts);
}

/**
 * Any byte string in Core's test-vector ASM, as Core's `FormatScript` (core_write.cpp) writes it:
 * `0`, `-1` and `1`..`16` for the small-number opcodes, the names of OP_NOP..OP_NOP10 without
 * `OP_` (`ADD`, `NOP10`), and `0x..` for the rest: a push as its opcode and length bytes, then
 * its data (`0x4c01 0x07`), another opcode as its byte (`0xba`, `0x50`). Where Core writes
 * `[error]` (a push that runs past the end) this writes the remaining bytes as `0x..`, so
 * `parseCoreAsm(toCoreAsm(s))` is `s` for every `s`.
 */
export function toCoreAsm(script: Uint8Array): string {
  const out: string[] = [];
  for (let pc = 0; pc < script.length; ) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) {
      out.push(`0x${toHex(script.subarray(pc))}`);
      break;
    }
    pc = ins.end;
    const { opcode, data } = ins;
    if (opcode === OP.OP_0 || opcode === OP.OP_1NEGATE || (opcode >= OP.OP_1 && opcode <= OP.OP_16)) out.push(coreOpName(opcode));
    else if (opcode >= OP.OP_NOP && opcode <= OP.OP_NOP10) out.push(opcodeInfo(opcode)!.name.slice(3));
    else if (data !== undefined && data.length > 0) out.push(`0x${toHex(script.subarray(ins.pos, ins.end - data.length))}`, `0x${toHex(data)}`);
    else out.push(`0x${toHex(script.subarray(ins.pos, ins.end))}`);
  }
  return out.join(' ');
}

/** Core's `CScript << int64`: OP_0, OP_1NEGATE, OP_1..OP_16 or a push of the script number. */
export function pushInt(n: number): Uint8Array {
  if (n === 0) return Uint8Array.of(OP.OP_0);
  if (n === -1) return Uint8Array.of(OP.OP_1NEGATE);
  if (n >= 1 && n <= 16) return Uint8Array.of(OP.OP_1 + n - 1);
  return pushDataBytes(encodeScriptNum(n));
}

/**
 * Readable-ASM names of bytes that are not opcodes in Bitcoin Core today but that bitcoinjs-lib's
 * `toASM`/`fromASM` name (template pseudo-opcodes of early Core versions). Using them keeps the
 * readable ASM interchangeable with bitcoinjs-lib for these bytes too.
 */
const LEGACY_NAMES: ReadonlyMap<number, string> = new Map([
  [0xfd, 'OP_PUBKEYHASH'],
  [0xfe, 'OP_PUBKEY'],
]);
const LEGACY_CODES: ReadonlyMap<string, number> = new Map([...LEGACY_NAMES].map(([code, name]) => [name, code]));

/** The readable-ASM name of a non-push opcode byte, if it has one. */
function readableName(code: number): string | undefined {
  return opcodeInfo(code)?.name ?? LEGACY_NAMES.get(code);
}

const PUSH_OP_NAMES: Record<number, string> = {
  [OP.OP_PUSHDATA1]: 'OP_PUSHDATA1',
  [OP.OP_PUSHDATA2]: 'OP_PUSHDATA2',
  [OP.OP_PUSHDATA4]: 'OP_PUSHDATA4',
};

/** Readable ASM of any byte string (lossless; bitcoinjs-compatible where bitcoinjs is lossless). */
export function toAsm(script: Uint8Array): string {
  const out: string[] = [];
  let pc = 0;
  while (pc < script.length) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) {
      out.push(`OP_TRUNCATED:${toHex(script.subarray(pc))}`);
      break;
    }
    pc = ins.end;
    const { opcode, data } = ins;
    if (data !== undefined) {
      if (opcode === OP.OP_0) out.push('OP_0');
      else if (isMinimalPush(data, opcode)) out.push(toHex(data));
      else out.push(`${PUSH_OP_NAMES[opcode] ?? `OP_PUSHBYTES_${opcode}`}:${toHex(data)}`);
      continue;
    }
    out.push(readableName(opcode) ?? `OP_UNKNOWN_0x${opcode.toString(16).padStart(2, '0')}`);
  }
  return out.join(' ');
}

/**
 * Parses readable ASM (what `toAsm` and bitcoinjs-lib's `toASM` print). Tokens are separated by
 * whitespace; a token is an opcode name or alias, a hex data push (pushed minimally, as
 * bitcoinjs-lib does), or one of the extension forms of `toAsm`.
 */
export function fromAsm(asm: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let index = 0;
  for (const tok of asm.split(/\s+/)) {
    if (tok === '') continue;
    index++;
    const code = opcodeByName(tok) ?? LEGACY_CODES.get(tok);
    if (code !== undefined) {
      parts.push(Uint8Array.of(code));
      continue;
    }
    const colon = tok.indexOf(':');
    if (colon >= 0) {
      parts.push(parseExtension(tok, tok.slice(0, colon), tok.slice(colon + 1), index));
      continue;
    }
    const unknown = /^OP_UNKNOWN_0x([0-9a-f]{2})$/.exec(tok);
    if (unknown) {
      const byte = parseInt(unknown[1]!, 16);
      if (readableName(byte) || byte <= OP.OP_PUSHDATA4) throw new AsmError(tok, index, 'this byte has a name or is a push');
      parts.push(Uint8Array.of(byte));
      continue;
    }
    if (!isHex(tok)) throw new AsmError(tok, index, 'not an opcode name or hex data');
    parts.push(pushData(fromHex(tok)));
  }
  return concatBytes(...parts);
}

function parseExtension(tok: string, head: string, hex: string, index: number): Uint8Array {
  if (!isHex(hex)) throw new AsmError(tok, index, 'the part after ":" is not hex');
  const data = fromHex(hex);
  if (head === 'OP_TRUNCATED') return data;
  const direct = /^OP_PUSHBYTES_([0-9]+)$/.exec(head);
  let opcode: number;
  if (direct) {
    opcode = Number(direct[1]);
    if (opcode < 1 || opcode > 75 || opcode !== data.length) {
      throw new AsmError(tok, index, `OP_PUSHBYTES_n needs 1 <= n <= 75 and n bytes of data`);
    }
    return concatBytes(Uint8Array.of(opcode), data);
  }
  const n = data.length;
  if (head === 'OP_PUSHDATA1') {
    if (n > 0xff) throw new AsmError(tok, index, 'OP_PUSHDATA1 holds at most 255 bytes');
    return concatBytes(Uint8Array.of(OP.OP_PUSHDATA1, n), data);
  }
  if (head === 'OP_PUSHDATA2') {
    if (n > 0xffff) throw new AsmError(tok, index, 'OP_PUSHDATA2 holds at most 65535 bytes');
    return concatBytes(Uint8Array.of(OP.OP_PUSHDATA2, n & 0xff, n >> 8), data);
  }
  if (head === 'OP_PUSHDATA4') {
    return concatBytes(Uint8Array.of(OP.OP_PUSHDATA4, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff), data);
  }
  throw new AsmError(tok, index, `unknown push form "${head}"`);
}

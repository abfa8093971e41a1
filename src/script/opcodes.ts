/**
 * The opcode table: the one home of every opcode fact. The C++ table is generated from this file
 * (scripts/gen-opcodes), so edit here only.
 *
 * Names are spelled exactly as Bitcoin Core's `GetOpName` spells them; `aliases` lists the other
 * names that tools commonly use (OP_FALSE, OP_TRUE, OP_NOP2, OP_NOP3).
 */

/** One row of the opcode table. */
export interface OpcodeInfo {
  /** The opcode byte. */
  readonly code: number;
  /** Bitcoin Core's name (with the `OP_` prefix). */
  readonly name: string;
  /** Other accepted names. */
  readonly aliases: readonly string[];
  /** Disabled since 2010 (CVE-2010-5137): fails the script wherever it appears, executed or not. */
  readonly disabled: boolean;
  /** An OP_SUCCESSx in tapscript (BIP342): its presence anywhere makes the tapscript succeed. */
  readonly tapscriptSuccess: boolean;
}

/** Opcode byte constants, named as Bitcoin Core names them. */
export const OP = {
  OP_0: 0x00,
  OP_PUSHDATA1: 0x4c,
  OP_PUSHDATA2: 0x4d,
  OP_PUSHDATA4: 0x4e,
  OP_1NEGATE: 0x4f,
  OP_RESERVED: 0x50,
  OP_1: 0x51,
  OP_2: 0x52,
  OP_3: 0x53,
  OP_4: 0x54,
  OP_5: 0x55,
  OP_6: 0x56,
  OP_7: 0x57,
  OP_8: 0x58,
  OP_9: 0x59,
  OP_10: 0x5a,
  OP_11: 0x5b,
  OP_12: 0x5c,
  OP_13: 0x5d,
  OP_14: 0x5e,
  OP_15: 0x5f,
  OP_16: 0x60,
  OP_NOP: 0x61,
  OP_VER: 0x62,
  OP_IF: 0x63,
  OP_NOTIF: 0x64,
  OP_VERIF: 0x65,
  OP_VERNOTIF: 0x66,
  OP_ELSE: 0x67,
  OP_ENDIF: 0x68,
  OP_VERIFY: 0x69,
  OP_RETURN: 0x6a,
  OP_TOALTSTACK: 0x6b,
  OP_FROMALTSTACK: 0x6c,
  OP_2DROP: 0x6d,
  OP_2DUP: 0x6e,
  OP_3DUP: 0x6f,
  OP_2OVER: 0x70,
  OP_2ROT: 0x71,
  OP_2SWAP: 0x72,
  OP_IFDUP: 0x73,
  OP_DEPTH: 0x74,
  OP_DROP: 0x75,
  OP_DUP: 0x76,
  OP_NIP: 0x77,
  OP_OVER: 0x78,
  OP_PICK: 0x79,
  OP_ROLL: 0x7a,
  OP_ROT: 0x7b,
  OP_SWAP: 0x7c,
  OP_TUCK: 0x7d,
  OP_CAT: 0x7e,
  OP_SUBSTR: 0x7f,
  OP_LEFT: 0x80,
  OP_RIGHT: 0x81,
  OP_SIZE: 0x82,
  OP_INVERT: 0x83,
  OP_AND: 0x84,
  OP_OR: 0x85,
  OP_XOR: 0x86,
  OP_EQUAL: 0x87,
  OP_EQUALVERIFY: 0x88,
  OP_RESERVED1: 0x89,
  OP_RESERVED2: 0x8a,
  OP_1ADD: 0x8b,
  OP_1SUB: 0x8c,
  OP_2MUL: 0x8d,
  OP_2DIV: 0x8e,
  OP_NEGATE: 0x8f,
  OP_ABS: 0x90,
  OP_NOT: 0x91,
  OP_0NOTEQUAL: 0x92,
  OP_ADD: 0x93,
  OP_SUB: 0x94,
  OP_MUL: 0x95,
  OP_DIV: 0x96,
  OP_MOD: 0x97,
  OP_LSHIFT: 0x98,
  OP_RSHIFT: 0x99,
  OP_BOOLAND: 0x9a,
  OP_BOOLOR: 0x9b,
  OP_NUMEQUAL: 0x9c,
  OP_NUMEQUALVERIFY: 0x9d,
  OP_NUMNOTEQUAL: 0x9e,
  OP_LESSTHAN: 0x9f,
  OP_GREATERTHAN: 0xa0,
  OP_LESSTHANOREQUAL: 0xa1,
  OP_GREATERTHANOREQUAL: 0xa2,
  OP_MIN: 0xa3,
  OP_MAX: 0xa4,
  OP_WITHIN: 0xa5,
  OP_RIPEMD160: 0xa6,
  OP_SHA1: 0xa7,
  OP_SHA256: 0xa8,
  OP_HASH160: 0xa9,
  OP_HASH256: 0xaa,
  OP_CODESEPARATOR: 0xab,
  OP_CHECKSIG: 0xac,
  OP_CHECKSIGVERIFY: 0xad,
  OP_CHECKMULTISIG: 0xae,
  OP_CHECKMULTISIGVERIFY: 0xaf,
  OP_NOP1: 0xb0,
  OP_CHECKLOCKTIMEVERIFY: 0xb1,
  OP_CHECKSEQUENCEVERIFY: 0xb2,
  OP_NOP4: 0xb3,
  OP_NOP5: 0xb4,
  OP_NOP6: 0xb5,
  OP_NOP7: 0xb6,
  OP_NOP8: 0xb7,
  OP_NOP9: 0xb8,
  OP_NOP10: 0xb9,
  OP_CHECKSIGADD: 0xba,
  OP_INVALIDOPCODE: 0xff,
} as const;

const ALIASES: Record<string, string[]> = {
  OP_0: ['OP_FALSE'],
  OP_1: ['OP_TRUE'],
  OP_CHECKLOCKTIMEVERIFY: ['OP_NOP2'],
  OP_CHECKSEQUENCEVERIFY: ['OP_NOP3'],
};

const DISABLED = new Set<number>([
  OP.OP_CAT, OP.OP_SUBSTR, OP.OP_LEFT, OP.OP_RIGHT, OP.OP_INVERT, OP.OP_AND, OP.OP_OR, OP.OP_XOR,
  OP.OP_2MUL, OP.OP_2DIV, OP.OP_MUL, OP.OP_DIV, OP.OP_MOD, OP.OP_LSHIFT, OP.OP_RSHIFT,
]);

/** BIP342: the OP_SUCCESSx opcodes (80, 98, 126-129, 131-134, 137-138, 141-142, 149-153, 187-254). */
function isTapscriptSuccess(code: number): boolean {
  return (
    code === 80 || code === 98 || (code >= 126 && code <= 129) || (code >= 131 && code <= 134) ||
    (code >= 137 && code <= 138) || (code >= 141 && code <= 142) || (code >= 149 && code <= 153) ||
    (code >= 187 && code <= 254)
  );
}

/** Every named opcode, in byte order (Core's GetOpName names; 0xbb..0xfe are unnamed). */
export const OPCODES: readonly OpcodeInfo[] = Object.entries(OP).map(([name, code]) => ({
  code,
  name,
  aliases: ALIASES[name] ?? [],
  disabled: DISABLED.has(code),
  tapscriptSuccess: isTapscriptSuccess(code),
}));

const byCode: (OpcodeInfo | undefined)[] = new Array(256);
const byName = new Map<string, number>();
for (const info of OPCODES) {
  byCode[info.code] = info;
  byName.set(info.name, info.code);
  for (const a of info.aliases) byName.set(a, info.code);
}

/** Facts of one opcode byte, or undefined for the unnamed bytes 0x01..0x4b and 0xbb..0xfe. */
export function opcodeInfo(code: number): OpcodeInfo | undefined {
  return byCode[code];
}

/** The byte for a name or alias (with `OP_` prefix), or undefined. */
export function opcodeByName(name: string): number | undefined {
  return byName.get(name);
}

/** True for the 15 opcodes disabled in every sigversion. */
export function isDisabledOpcode(code: number): boolean {
  return DISABLED.has(code);
}

/** True for an OP_SUCCESSx byte (BIP342). */
export function isOpSuccess(code: number): boolean {
  return isTapscriptSuccess(code);
}

/**
 * Bitcoin Core's `GetOpName`: "0", "-1", "1".."16" for the small-number pushes, the OP_ name
 * otherwise, "OP_UNKNOWN" for unnamed bytes.
 */
export function coreOpName(code: number): string {
  if (code === OP.OP_0) return '0';
  if (code === OP.OP_1NEGATE) return '-1';
  if (code >= OP.OP_1 && code <= OP.OP_16) return String(code - OP.OP_1 + 1);
  return byCode[code]?.name ?? 'OP_UNKNOWN';
}

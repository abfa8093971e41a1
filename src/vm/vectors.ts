/**
 * Bitcoin Core's script test-vector driver (`src/test/script_tests.cpp`): parses entries of
 * `script_tests.json`, builds the crediting and spending transactions, runs VerifyScript and
 * compares the verdict and the error. Signatures are checked for real (TransactionSignatureChecker
 * over the spending transaction and the credited output).
 */
import { Transaction } from 'bitcoinjs-lib';
import { parseCoreAsm } from '../script/asm.js';
import { fromHex, fromHexSkippingSpace, toHex } from '../script/bytes.js';
import { TransactionSignatureChecker } from '../bitcoin/checker.js';
import type { SignatureChecker } from './checker.js';
import { isScriptErrorName, type ScriptErrorName } from './errors.js';
import { FLAGS, type FlagName } from './flags.js';
import { TAPROOT_LEAF_TAPSCRIPT } from './limits.js';
import { tapleafHash, tweakPublicKey } from './taproot.js';
import { type EvalResult, verifyScript } from './verify.js';
import { BsmlError } from '../errors.js';
import { jsonNumberLiterals } from '../io/json-numbers.js';
import { quote } from '../io/quote.js';
import { withoutBom } from '../io/text.js';
import { COIN, MAX_MONEY, moneyRange } from '../bitcoin/amount.js';

/** One parsed test case. */
export interface VectorCase {
  /** Index of the entry in the file's top-level array. */
  index: number;
  witness: Uint8Array[];
  amount: bigint;
  scriptSig: Uint8Array;
  scriptPubKey: Uint8Array;
  scriptSigAsm: string;
  scriptPubKeyAsm: string;
  flags: number;
  flagsText: string;
  expected: ScriptErrorName;
  comment: string;
}

/** The outcome of one case. */
export interface VectorOutcome {
  case: VectorCase;
  status: 'pass' | 'fail' | 'skip';
  got?: ScriptErrorName;
  gotSuccess?: boolean;
  reason?: string;
}

/** A malformed test-vector entry. */
export class VectorFormatError extends BsmlError {
  readonly code = 'BAD_VECTOR';
  override readonly name = 'VectorFormatError';
  /** What is wrong, without the entry's number (the message is `test vector entry N: ` + this). */
  constructor(
    readonly index: number,
    readonly detail: string,
  ) {
    // index -1: the file as a whole (it is not an array of entries).
    super(index < 0 ? detail : `test vector entry ${index}: ${detail}`);
  }
}

/** BIP341's NUMS point H (no known discrete log): the default internal key of bsml's taproot outputs. */
export const NUMS_INTERNAL_KEY = fromHex('50929b74c1a04954b78b4b6035e97a5e078a5a0f28ec96d547bfee9ace803ac0');

/**
 * The internal key of the one-leaf tree Core's driver builds for `#CONTROLBLOCK#` and
 * `#TAPROOTOUTPUT#` (script_tests.cpp: `taprootBuilder.Finalize(XOnlyPubKey(keys.key0.GetPubKey()))`):
 * the x-only public key of its `key0`, the secret 1, i.e. the generator's x coordinate. With it the
 * output key, the crediting transaction and so every signature hash are Core's own.
 */
export const CORE_VECTOR_INTERNAL_KEY = fromHex('79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798');

/**
 * Parses a `script_tests.json` file (its text, or its parsed array: see {@link readVectors} for the
 * witness amounts). Comment entries (one element) are left out. Throws VectorFormatError naming the
 * entry for anything malformed.
 */
export function parseVectors(json: unknown, numberText?: ReadonlyMap<string, string>): VectorCase[] {
  const { cases, malformed } = readVectors(json, numberText);
  if (malformed.length) throw malformed[0];
  return cases;
}

/**
 * Parses a `script_tests.json` file as Core's driver reads it, entry by entry: an entry that
 * cannot be read is set aside with its VectorFormatError (naming the entry) and the others are
 * still read (Core's driver reports a bad entry too, but stops at one whose script, witness hex or
 * amount its parsers throw on). Comment entries (one element) are
 * left out. Throws VectorFormatError only when `json` is not an array (or, as text, not JSON).
 *
 * `json` is the file's text (a string) or the array parsed from it. Core reads a witness amount
 * written as a JSON number from its digits as written; `JSON.parse` keeps a double, about 17
 * significant digits (`20999999.999999999` becomes `21000000`, which Core refuses as finer than a
 * satoshi), and no double tells which text it came from. So a number amount is read from the
 * text: give the text, or with a parsed array `numberText`, the file's numbers as written
 * (`jsonNumberLiterals(text)`; not used with a text). A number amount without its text is an
 * unreadable entry, named, saying so; an amount written as a string needs no text.
 */
export function readVectors(json: unknown, numberText?: ReadonlyMap<string, string>): { cases: VectorCase[]; malformed: VectorFormatError[] } {
  if (typeof json === 'string') {
    const text = withoutBom(json);
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new VectorFormatError(-1, `the text is not valid JSON: ${(e as Error).message}`);
    }
    numberText = jsonNumberLiterals(text);
  }
  if (!Array.isArray(json)) throw new VectorFormatError(-1, 'the file is not a JSON array');
  const cases: VectorCase[] = [];
  const malformed: VectorFormatError[] = [];
  json.forEach((entry, index) => {
    try {
      if (!Array.isArray(entry)) throw new VectorFormatError(index, 'not an array');
      if (entry.length === 1) return;
      cases.push(parseEntry(entry, index, numberText));
    } catch (e) {
      if (!(e instanceof VectorFormatError)) throw e;
      malformed.push(e);
    }
  });
  return { cases, malformed };
}

function parseEntry(entry: unknown[], index: number, numberText: ReadonlyMap<string, string> | undefined): VectorCase {
  let pos = 0;
  let witnessRaw: string[] = [];
  let amount = 0n;
  if (Array.isArray(entry[0])) {
    const w = entry[0] as unknown[];
    const last = w[w.length - 1];
    if (typeof last !== 'number' && typeof last !== 'string') throw new VectorFormatError(index, 'witness array must end with the amount');
    amount = amountFromValue(last, index, typeof last === 'number' ? numberText?.get(`${index}/0/${w.length - 1}`) : undefined);
    witnessRaw = w.slice(0, -1).map((x, i) => {
      if (typeof x !== 'string') throw new VectorFormatError(index, `witness item ${i} is not a string`);
      return x;
    });
    pos = 1;
  }
  if (entry.length < pos + 4) throw new VectorFormatError(index, `expected [scriptSig, scriptPubKey, flags, error], got ${entry.length - pos} fields`);
  const [sigAsm, pubAsm, flagsText, expected] = entry.slice(pos, pos + 4);
  if (typeof sigAsm !== 'string' || typeof pubAsm !== 'string' || typeof flagsText !== 'string' || typeof expected !== 'string') {
    throw new VectorFormatError(index, 'scriptSig, scriptPubKey, flags and error must be strings');
  }
  // Core's test table names SCRIPT_ERR_SIG_NULLFAIL "NULLFAIL".
  const expectedName = expected === 'NULLFAIL' ? 'SIG_NULLFAIL' : expected;
  if (!isScriptErrorName(expectedName)) throw new VectorFormatError(index, `unknown expected error ${quote(expected)}`);
  const comment = entry.slice(pos + 4).filter((c) => typeof c === 'string').join(' ');
  let flags = parseVectorFlags(flagsText, index);
  // Core's driver: CLEANSTACK implies P2SH and WITNESS.
  if (flags & FLAGS.CLEANSTACK) flags |= FLAGS.P2SH | FLAGS.WITNESS;

  const wrap = <T>(what: string, f: () => T): T => {
    try {
      return f();
    } catch (e) {
      throw new VectorFormatError(index, `${what}: ${(e as Error).message}`);
    }
  };
  // Witness: hex items, '#SCRIPT# asm' items, and the '#CONTROLBLOCK#' placeholder. As in Core's
  // driver, the control block is that of a one-leaf tree whose leaf is the witness item just before
  // it (whether written as #SCRIPT# or as hex), under Core's key0 as internal key.
  const witness: Uint8Array[] = [];
  let outputKey: Uint8Array | undefined;
  witnessRaw.forEach((item, i) => {
    if (item.startsWith('#SCRIPT#')) {
      witness.push(wrap(`witness item ${i}`, () => parseCoreAsm(item.slice(8))));
    } else if (item === '#CONTROLBLOCK#') {
      if (i === 0) throw new VectorFormatError(index, 'witness item 0: #CONTROLBLOCK# needs the leaf script as the witness item before it');
      if (outputKey) throw new VectorFormatError(index, `witness item ${i}: a second #CONTROLBLOCK# (Core's driver builds one one-leaf tree)`);
      const tweaked = tweakPublicKey(CORE_VECTOR_INTERNAL_KEY, tapleafHash(TAPROOT_LEAF_TAPSCRIPT, witness[i - 1]!))!;
      outputKey = tweaked.outputKey;
      const control = new Uint8Array(33);
      control[0] = TAPROOT_LEAF_TAPSCRIPT | tweaked.parity;
      control.set(CORE_VECTOR_INTERNAL_KEY, 1);
      witness.push(control);
    } else {
      witness.push(wrap(`witness item ${i}`, () => fromHexSkippingSpace(item)));
    }
  });
  // Core's driver fills in the output key only when the scriptPubKey is exactly TAPROOT_OUTPUT_ASM;
  // anywhere else "#TAPROOTOUTPUT#" is a token its ParseScript refuses.
  let pubAsmResolved = pubAsm;
  if (pubAsm === TAPROOT_OUTPUT_ASM) {
    if (!outputKey) throw new VectorFormatError(index, '#TAPROOTOUTPUT# needs a #CONTROLBLOCK# witness item (the output commits to its leaf)');
    pubAsmResolved = '0x51 0x20 0x' + toHex(outputKey);
  } else if (pubAsm.includes('#TAPROOTOUTPUT#')) {
    throw new VectorFormatError(index, `scriptPubKey ${quote(pubAsm)}: #TAPROOTOUTPUT# is only filled in when the scriptPubKey is exactly ${quote(TAPROOT_OUTPUT_ASM)} (as in Core's driver)`);
  }
  return {
    index,
    witness,
    amount,
    scriptSig: wrap('scriptSig', () => parseCoreAsm(sigAsm)),
    scriptPubKey: wrap('scriptPubKey', () => parseCoreAsm(pubAsmResolved)),
    scriptSigAsm: sigAsm,
    scriptPubKeyAsm: pubAsm,
    flags,
    flagsText,
    expected: expectedName,
    comment,
  };
}

/** The one scriptPubKey in which Core's driver replaces `#TAPROOTOUTPUT#` by the output key. */
const TAPROOT_OUTPUT_ASM = '0x51 0x20 #TAPROOTOUTPUT#';

/** Core's flag names (ParseScriptFlags looks words up in ScriptFlagNamesToEnum, which has no NONE). */
const VECTOR_FLAG_NAMES = (Object.keys(FLAGS) as FlagName[]).filter((n) => n !== 'NONE');

/**
 * The flags field as Core's driver reads it (ParseScriptFlags): `""` or `"NONE"` is no flags,
 * anything else is flag names joined by "," exactly: no spaces, no `SCRIPT_VERIFY_` prefix,
 * no empty name and no NONE inside a list (Core's driver reports those as unknown flags).
 */
function parseVectorFlags(text: string, index: number): number {
  if (text === '' || text === 'NONE') return 0;
  let flags = 0;
  for (const word of text.split(',')) {
    if (!(VECTOR_FLAG_NAMES as string[]).includes(word)) {
      throw new VectorFormatError(
        index,
        `flags ${quote(text)}: ${quote(word)} is not a flag name (Core's driver reads "" or "NONE", or names joined by "," exactly: ${VECTOR_FLAG_NAMES.join(', ')})`,
      );
    }
    flags |= FLAGS[word as FlagName];
  }
  return flags;
}

/**
 * The witness amount as Core's driver reads it (AmountFromValue): a JSON number or a string, read
 * as BTC by ParseFixedPoint with 8 decimals ("Invalid amount" for anything else, for digits below
 * the satoshi and from 10^10 BTC), then within MoneyRange, 0 to 21 000 000 BTC ("Amount out of
 * range"). A number is read from its `literal` text, as Core's UniValue keeps it, and refused
 * without it: its double may stand for another text (see {@link readVectors}).
 */
function amountFromValue(value: number | string, index: number, literal?: string): bigint {
  const text = typeof value === 'string' ? value : literal;
  if (text === undefined) {
    throw new VectorFormatError(
      index,
      `witness amount ${String(value)} is a JSON number without the text it was read from (a double keeps about 17 significant digits; Core reads the digits as written): give readVectors / parseVectors the file's text, or jsonNumberLiterals(text) with the parsed array, or write the amount as a string`,
    );
  }
  const sats = parseFixedPoint8(text);
  const shown = typeof value === 'string' ? quote(value) : text;
  if (sats === 'syntax') throw new VectorFormatError(index, `witness amount ${shown} is not a decimal number of BTC`);
  if (sats === 'precision') throw new VectorFormatError(index, `witness amount ${shown} BTC is not a whole number of satoshis (at most 8 decimals)`);
  if (sats === 'size' || !moneyRange(sats)) {
    throw new VectorFormatError(index, `witness amount ${shown} BTC is out of range (0..${MAX_MONEY / COIN} BTC, Core's MoneyRange)`);
  }
  return sats;
}

/** ParseFixedPoint's bound (util/strencodings.cpp): a fixed-point value is below 10^18 units. */
const FIXED_POINT_UPPER_BOUND = 10n ** 18n - 1n;

/**
 * Core's `ParseFixedPoint(text, 8)`: a JSON-number literal (`-?(0|[1-9]digits)(.digits)?(e[+-]?digits)?`)
 * as an exact count of 10^-8 units. Fails with 'syntax' for another text, 'precision' when nonzero
 * digits fall below 10^-8 (trailing zeros do not count; Core also refuses 0 with an exponent below
 * -8) and 'size' from 10^18 units (10^10 BTC) on.
 */
function parseFixedPoint8(text: string): bigint | 'syntax' | 'precision' | 'size' {
  const m = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(text);
  if (!m) return 'syntax';
  const [, sign, whole, fraction = '', exponent = '0'] = m;
  // Core's mantissa: the digits after a lone leading 0, trailing zeros moved into the exponent.
  const digits = (whole === '0' ? '' : whole) + fraction;
  const significant = digits.replace(/0+$/, '');
  const shift = BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - significant.length) + 8n;
  if (shift < 0n) return 'precision';
  if (shift >= 18n) return 'size';
  const units = BigInt(significant || '0') * 10n ** shift;
  if (units > FIXED_POINT_UPPER_BOUND) return 'size';
  return sign === '-' ? -units : units;
}

/** Core's test transactions: the crediting one (output 0 holds scriptPubKey) and the spend. */
export function buildTestTransactions(c: VectorCase): { credit: Transaction; spend: Transaction } {
  const credit = new Transaction();
  credit.version = 1;
  credit.locktime = 0;
  credit.addInput(new Uint8Array(32), 0xffffffff, 0xffffffff, Uint8Array.of(0, 0));
  credit.addOutput(c.scriptPubKey, c.amount);
  const spend = new Transaction();
  spend.version = 1;
  spend.locktime = 0;
  spend.addInput(credit.getHash(), 0, 0xffffffff, c.scriptSig);
  spend.setWitness(0, c.witness);
  spend.addOutput(new Uint8Array(0), c.amount);
  return { credit, spend };
}

/**
 * The checker Core's driver uses: input 0 of the spending transaction, spending output 0 of the
 * crediting one (real ECDSA and Schnorr checks, real lock times).
 */
export function vectorChecker(c: VectorCase): SignatureChecker {
  const { credit, spend } = buildTestTransactions(c);
  const spent = credit.outs[0]!;
  return new TransactionSignatureChecker(spend, 0, { amount: c.amount, spentOutputs: [{ script: spent.script, value: spent.value }] });
}

/** What a case is judged on: the verdict of its VerifyScript run. */
export type VectorVerdict = Pick<EvalResult, 'success' | 'error'>;

/** Runs one case as Core's driver does. */
export function runVector(c: VectorCase, run: (c: VectorCase, checker: SignatureChecker) => EvalResult = runTs): VectorOutcome {
  return judgeVector(c, run(c, vectorChecker(c)));
}

/**
 * Runs many cases as Core's driver does, through one call of `runMany` (e.g. the engine's
 * `verifyScriptMany`): it gets the cases and each case's checker ({@link vectorChecker}), and must
 * return one verdict per case, in order. Outcome i is what {@link runVector} gives for case i.
 */
export function runVectors(
  cases: readonly VectorCase[],
  runMany: (cases: readonly VectorCase[], checkers: SignatureChecker[]) => readonly VectorVerdict[],
): VectorOutcome[] {
  const verdicts = runMany(cases, cases.map(vectorChecker));
  if (verdicts.length !== cases.length) throw new RangeError(`runVectors: ${verdicts.length} verdicts for ${cases.length} cases`);
  return cases.map((c, i) => judgeVector(c, verdicts[i]!));
}

/** A case's outcome given its verdict: a pass when both the success and the error name are those expected. */
export function judgeVector(c: VectorCase, r: VectorVerdict): VectorOutcome {
  const expectOk = c.expected === 'OK';
  const pass = r.success === expectOk && r.error === c.expected;
  return { case: c, status: pass ? 'pass' : 'fail', got: r.error, gotSuccess: r.success };
}

function runTs(c: VectorCase, checker: SignatureChecker): EvalResult {
  return verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, checker, witness: c.witness });
}

/**
 * Bitcoin Core's script test-vector driver (`src/test/script_tests.cpp`): parses entries of
 * `script_tests.json`, builds the crediting and spending transactions, runs VerifyScript and
 * compares the verdict and the error. Signatures are checked for real (TransactionSignatureChecker
 * over the spending transaction and the credited output).
 */
import { Transaction } from 'bitcoinjs-lib';
import { parseCoreAsm } from '../script/asm.js';
import { fromHex, toHex } from '../script/bytes.js';
import { TransactionSignatureChecker } from '../bitcoin/checker.js';
import type { SignatureChecker } from './checker.js';
import { isScriptErrorName, type ScriptErrorName } from './errors.js';
import { FLAGS, parseFlags } from './flags.js';
import { TAPROOT_LEAF_TAPSCRIPT } from './limits.js';
import { tapleafHash, tweakPublicKey } from './taproot.js';
import { type EvalResult, verifyScript } from './verify.js';
import { BsmlError } from '../errors.js';
import { COIN, MAX_MONEY } from '../bitcoin/amount.js';

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
  constructor(readonly index: number, detail: string) {
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
 * Parses a `script_tests.json` array. Comment entries (one element) are left out. Throws
 * VectorFormatError naming the entry for anything malformed.
 */
export function parseVectors(json: unknown): VectorCase[] {
  if (!Array.isArray(json)) throw new VectorFormatError(-1, 'the file is not a JSON array');
  const out: VectorCase[] = [];
  json.forEach((entry, index) => {
    if (!Array.isArray(entry)) throw new VectorFormatError(index, 'not an array');
    if (entry.length === 1) return;
    out.push(parseEntry(entry, index));
  });
  return out;
}

function parseEntry(entry: unknown[], index: number): VectorCase {
  let pos = 0;
  let witnessRaw: string[] = [];
  let amount = 0n;
  if (Array.isArray(entry[0])) {
    const w = entry[0] as unknown[];
    if (w.length < 1 || typeof w[w.length - 1] !== 'number') throw new VectorFormatError(index, 'witness array must end with the amount');
    amount = satsFromBtc(w[w.length - 1] as number, index);
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
  if (!isScriptErrorName(expectedName)) throw new VectorFormatError(index, `unknown expected error ${JSON.stringify(expected)}`);
  const comment = entry.slice(pos + 4).filter((c) => typeof c === 'string').join(' ');
  let flags: number;
  try {
    flags = flagsText === 'NONE' ? 0 : parseFlags(flagsText);
  } catch (e) {
    throw new VectorFormatError(index, (e as Error).message);
  }
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
      witness.push(wrap(`witness item ${i}`, () => fromHex(item)));
    }
  });
  let pubAsmResolved = pubAsm;
  if (pubAsm.includes('#TAPROOTOUTPUT#')) {
    if (!outputKey) throw new VectorFormatError(index, '#TAPROOTOUTPUT# needs a #CONTROLBLOCK# witness item (the output commits to its leaf)');
    pubAsmResolved = pubAsm.replace('#TAPROOTOUTPUT#', '0x' + toHex(outputKey));
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

/**
 * The witness amount as Core's driver reads it (AmountFromValue): bitcoins with at most 8
 * decimals ("Invalid amount" otherwise), within MoneyRange, 0 to 21 000 000 BTC ("Amount out of
 * range"). A JSON number is a double: up to 21e6 BTC, `Math.round(btc × 1e8)` is exactly the
 * satoshis written, and dividing back gives the same double only when there were at most 8 decimals.
 */
function satsFromBtc(btc: number, index: number): bigint {
  const maxBtc = Number(MAX_MONEY / COIN);
  if (!Number.isFinite(btc) || btc < 0 || btc > maxBtc) {
    throw new VectorFormatError(index, `witness amount ${btc} BTC is out of range (0..${maxBtc} BTC, Core's MoneyRange)`);
  }
  const sats = Math.round(btc * Number(COIN));
  if (sats / Number(COIN) !== btc) throw new VectorFormatError(index, `witness amount ${btc} BTC is not a whole number of satoshis (at most 8 decimals)`);
  return BigInt(sats);
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

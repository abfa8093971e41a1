#!/usr/bin/env node
// Runs Bitcoin Core's transaction test vectors (src/test/data/tx_valid.json and tx_invalid.json,
// which the user supplies: nothing is fetched) through bsml's verifyInputs on the TypeScript
// engine and on the native engine (the same TransactionSignatureChecker called back from C++),
// the way Core's src/test/transaction_tests.cpp does:
//   tx_valid   entries list the flags to EXCLUDE: the transaction must verify under every other
//              flag; still verify with any one more flag (and a random set) left out; and fail
//              when any one excluded flag is turned back on (the excluded set is minimal).
//   tx_invalid entries list the flags to APPLY: the transaction must fail under them; still fail
//              with any one more flag (and a random set) added; and verify when any one applied
//              flag is left out (the applied set is minimal). "BADTX" marks a transaction that
//              fails CheckTransaction (structure, amounts, duplicate inputs, coinbase size): that
//              is not script verification, so those entries are skipped and counted, each with
//              the CheckTransaction rule it breaks (bsml's checkTransaction must reject it; every
//              other entry must pass it).
// Like Core's transaction_tests.cpp, the scripts are checked without CheckTxInputs: the entries'
// amounts (0 when not given) need not cover the outputs.
// Flag sets are made legal as Core makes them (TrimFlags / FillFlags): WITNESS needs P2SH and
// CLEANSTACK needs WITNESS.
//
// Usage: npm run build && node scripts/check-core-tx-vectors.mjs <tx_valid.json> <tx_invalid.json>
//          [--engine ts|native|both] [--seed N]
// Prints per file and engine: passed / failed / skipped (with reasons), then every failure with
// its entry index, comment and error. Exit 0 when all pass, 1 on any failure, 2 for bad usage.
import { readFileSync } from 'node:fs';
import { Transaction } from 'bitcoinjs-lib';
import { FLAGS, ALL_FLAGS, parseFlags, flagNames, parseCoreAsm, checkTransaction, verifyInputs, selectEngine } from '../dist/index.js';
import { loadNative } from '../dist/engine/native.js';
import { jsonNumberLiterals } from '../dist/io/json-numbers.js';

function usage(msg) {
  process.stderr.write(`check-core-tx-vectors: ${msg}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const files = [];
let engineArg = 'both';
let seed = 20240601;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--engine') engineArg = args[++i] ?? usage('--engine needs ts, native or both');
  else if (a === '--seed') {
    seed = Number(args[++i]);
    if (!Number.isSafeInteger(seed)) usage('--seed needs an integer');
  } else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else files.push(a);
}
if (files.length !== 2) usage('expected the paths of tx_valid.json and tx_invalid.json (in that order)');
if (!['ts', 'native', 'both'].includes(engineArg)) usage(`--engine must be ts, native or both, not ${JSON.stringify(engineArg)}`);
const engines = engineArg === 'both' ? ['ts', 'native'] : [engineArg];
// Native inputs the C++ core declined (verifyInputs then answers with the TypeScript engine):
// counted so that a native pass is not silently a TypeScript one.
const nativeCalls = { inputs: 0, declined: 0 };
if (engines.includes('native')) {
  try {
    selectEngine('native');
  } catch (e) {
    usage(`${e.message} (build it with 'node scripts/build-native.mjs', or pass --engine ts)`);
  }
  const native = loadNative();
  const verify = native.verifyScript;
  native.verifyScript = (...a) => {
    const r = verify.apply(native, a);
    nativeCalls.inputs++;
    if (r === undefined) nativeCalls.declined++;
    return r;
  };
}

function readJson(path) {
  let text;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    usage(`cannot read ${path}: ${e.message}`);
  }
  try {
    const v = JSON.parse(text);
    if (!Array.isArray(v)) throw new Error('the top level is not an array');
    // The numbers as written: Core reads an amount from its text, a double may not hold it.
    return { entries: v, numbers: jsonNumberLiterals(text) };
  } catch (e) {
    usage(`${path} is not a test-vector file: ${e.message}`);
  }
}

// Core's flag-combination rules (transaction_tests.cpp TrimFlags / FillFlags).
const { P2SH, WITNESS, CLEANSTACK } = FLAGS;
function trimFlags(f) {
  if (!(f & P2SH)) f &= ~WITNESS;
  if (!(f & WITNESS)) f &= ~CLEANSTACK;
  return f & ALL_FLAGS;
}
function fillFlags(f) {
  if (f & CLEANSTACK) f |= WITNESS;
  if (f & WITNESS) f |= P2SH;
  return f & ALL_FLAGS;
}
const FLAG_LIST = Object.entries(FLAGS).filter(([, bit]) => bit !== 0);
function excludeIndividualFlags(f) {
  const out = new Set();
  for (const [, bit] of FLAG_LIST) {
    const g = trimFlags(f & ~bit);
    if (g !== f) out.add(g);
  }
  return [...out];
}
const not = (f) => ALL_FLAGS & ~f;
const names = (f) => flagNames(f).join(',') || 'NONE';
// A flag set as printed: its names, or "all" / "all but ..." when most flags are set.
const show = (f) => (not(f) === 0 ? 'all' : flagNames(f).length > FLAG_LIST.length / 2 ? `all but ${names(not(f))}` : names(f));

// A small seeded generator (mulberry32) for Core's "random combinations of flags".
function rng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}

const hexLE = (h) => Buffer.from(h, 'hex').reverse().toString('hex');

// A prevout's amount as Core reads it (getInt<int64_t>): an integer JSON number, read from its
// text (a double holds integers exactly only up to 2^53; 1.5 or 1e3 are no integer literal).
function amountOf(value, literal, j) {
  const text = literal ?? JSON.stringify(value);
  if (typeof value !== 'number' || !/^-?[0-9]+$/.test(text)) throw new Error(`prevout ${j}: amount ${text} is not an integer number of satoshis`);
  return BigInt(text);
}

// Parses entry `index`: [[[prevout hash, index, scriptPubKey asm, amount?], ...], tx hex, flags].
function parseEntry(entry, index, numbers) {
  if (entry.length !== 3 || typeof entry[1] !== 'string' || typeof entry[2] !== 'string') throw new Error('bad entry shape');
  const spent = new Map();
  entry[0].forEach((input, j) => {
    if (!Array.isArray(input) || input.length < 3 || input.length > 4) throw new Error('bad prevout entry');
    const key = `${hexLE(input[0])}:${input[1] >>> 0}`;
    spent.set(key, { script: parseCoreAsm(input[2]), value: input.length === 4 ? amountOf(input[3], numbers.get(`${index}/0/${j}/3`), j) : 0n });
  });
  const tx = Transaction.fromHex(entry[1]);
  const prevouts = tx.ins.map((vin) => {
    const p = spent.get(`${Buffer.from(vin.hash).toString('hex')}:${vin.index >>> 0}`);
    if (!p) throw new Error('an input spends an outpoint the entry does not list');
    return p;
  });
  return { tx, prevouts, flagsText: entry[2] };
}

// Core's CheckTxScripts: valid when every input verifies (each with error OK); else the first
// failing input, whose error must not be OK (Core checks err != SCRIPT_ERR_OK for failures too).
function runTx(tx, prevouts, flags, engine) {
  for (const v of verifyInputs(tx, prevouts, { flags, engine })) {
    if (v.success !== (v.error === 'OK')) return { valid: undefined, error: `input ${v.index}: success ${v.success} with error ${v.error}` };
    if (!v.success) return { valid: false, error: `input ${v.index}: ${v.error}` };
  }
  return { valid: true, error: 'OK' };
}

function checkValid(c, engine, next) {
  const problems = [];
  const excluded = parseFlags(c.flagsText === 'NONE' ? '' : c.flagsText);
  if (not(excluded) !== fillFlags(not(excluded))) problems.push(`bad test flags: excluding ${names(excluded)} leaves an illegal combination`);
  const expect = (flags, valid, what) => {
    const r = runTx(c.tx, c.prevouts, flags, engine);
    if (r.valid === undefined) problems.push(`inconsistent verdict [flags ${show(flags)}]: ${r.error}`);
    else if (r.valid !== valid) problems.push(`${what} [flags ${show(flags)}]: ${valid ? `failed with ${r.error}` : 'verified'}`);
  };
  expect(not(excluded), true, 'does not verify');
  for (const [name, bit] of FLAG_LIST) {
    expect(trimFlags(not(excluded | bit)), true, `fails with ${name} also unset`);
    expect(trimFlags(not(excluded | (next() & ALL_FLAGS))), true, 'fails with random flags unset');
  }
  for (const g of excludeIndividualFlags(excluded)) expect(not(g), false, `too many flags excluded: verifies with ${names(excluded & ~g)} set again`);
  return problems;
}

function checkInvalid(c, engine, next) {
  const problems = [];
  const applied = parseFlags(c.flagsText === 'NONE' ? '' : c.flagsText);
  if (applied !== fillFlags(applied)) problems.push(`bad test flags: ${names(applied)} is an illegal combination`);
  const expect = (flags, valid, what) => {
    const r = runTx(c.tx, c.prevouts, flags, engine);
    if (r.valid === undefined) problems.push(`inconsistent verdict [flags ${show(flags)}]: ${r.error}`);
    else if (r.valid !== valid) problems.push(`${what} [flags ${show(flags)}]: ${valid ? `failed with ${r.error}` : 'verified'}`);
  };
  expect(applied, false, 'verifies');
  for (const [name, bit] of FLAG_LIST) {
    expect(fillFlags(applied | bit), false, `verifies with ${name} also set`);
    expect(fillFlags(applied | (next() & ALL_FLAGS)), false, 'verifies with random flags set');
  }
  for (const g of excludeIndividualFlags(applied)) expect(g, true, `too many flags applied: fails without ${names(applied & ~g)}`);
  return problems;
}

function runFile(path, kind, engine) {
  const { entries, numbers } = readJson(path);
  const next = rng(seed);
  const tally = { passed: 0, failed: [], skipped: new Map() };
  let comment = [];
  entries.forEach((entry, index) => {
    if (!Array.isArray(entry) || !Array.isArray(entry[0])) {
      if (Array.isArray(entry) && typeof entry[0] === 'string') comment.push(entry[0]);
      return;
    }
    const text = comment.join(' ');
    comment = [];
    let problems;
    try {
      const c = parseEntry(entry, index, numbers);
      const structure = checkTransaction(c.tx)?.reason;
      if (kind === 'invalid' && c.flagsText === 'BADTX') {
        if (structure) {
          const why = `BADTX (fails CheckTransaction: ${structure}): transaction structure, not script verification`;
          tally.skipped.set(why, (tally.skipped.get(why) ?? 0) + 1);
          return;
        }
        problems = ['marked BADTX but passes CheckTransaction here'];
      } else if (structure) problems = [`fails CheckTransaction (${structure}) but is not marked BADTX`];
      else problems = kind === 'valid' ? checkValid(c, engine, next) : checkInvalid(c, engine, next);
    } catch (e) {
      problems = [`cannot run the entry: ${e.message}`];
    }
    if (problems.length) tally.failed.push({ index, comment: text, problems });
    else tally.passed++;
  });
  return tally;
}

let failures = 0;
for (const [path, kind] of [
  [files[0], 'valid'],
  [files[1], 'invalid'],
]) {
  for (const engine of engines) {
    const before = { ...nativeCalls };
    const t = runFile(path, kind, engine);
    const ran = engine === 'native' ? ` (${nativeCalls.inputs - before.inputs} input verifications, ${nativeCalls.declined - before.declined} declined by the core and answered by TypeScript)` : '';
    const skipped = [...t.skipped.values()].reduce((a, b) => a + b, 0);
    console.log(`tx_${kind} (${path}) engine=${engine}: ${t.passed} passed, ${t.failed.length} failed, ${skipped} skipped${ran}`);
    for (const [why, n] of t.skipped) console.log(`  skipped ${n}: ${why}`);
    for (const f of t.failed) {
      console.log(`  FAIL entry ${f.index}${f.comment ? ` (${f.comment.slice(0, 160)})` : ''}`);
      for (const p of f.problems.slice(0, 6)) console.log(`    ${p}`);
      if (f.problems.length > 6) console.log(`    ... and ${f.problems.length - 6} more`);
    }
    failures += t.failed.length;
  }
}
console.log(`seed ${seed}; ${failures === 0 ? 'all entries passed' : `${failures} failing entr${failures === 1 ? 'y' : 'ies'}`}`);
process.exit(failures === 0 ? 0 : 1);

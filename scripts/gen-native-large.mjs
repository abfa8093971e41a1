#!/usr/bin/env node
/**
 * Writes test/fixtures/large_stacks.native.txt: evaluations on initial stacks of more than 1,000
 * items (the C API's bsml_evaluate_large) as the TypeScript reference answers them, for the C
 * ctest suite (native/test/large_test.c), which has no interpreter of its own to compare with. One
 * case per line, space-separated:
 *   SIGVERSION FLAGS_HEX N TOP SCRIPT SUCCESS ERROR OPCOUNT STACK_SIZE ALT_SIZE STACK_SHA256 ALT_SHA256
 * The initial stack has N items: item i (bottom first) is `bottomItem(i)` but for the top ones,
 * TOP (comma-separated hex, bottom first; `-` none; `0x` an empty item). SCRIPT is hex (`-` empty).
 * The *_SHA256 are SHA-256 of the final stack / altstack as `serializeItems` writes them (each item
 * as a 4-byte little-endian length then its bytes, bottom first). ERROR is Core's name without
 * SCRIPT_ERR_. Spends of witnesses of more than 1,000 items (bsml_verify_script) follow, one per line:
 *   W FLAGS_HEX N TOP SCRIPTSIG SCRIPTPUBKEY SUCCESS ERROR OPCOUNT STACK_SIZE ALT_SIZE STACK_SHA256 ALT_SHA256
 * the witness made as the initial stacks are (TOP ends with the witness script, a taproot spend's
 * control block and annex), verified with Core's base checker (the C side says yes to every
 * taproot commitment: these spends' commitments hold). Run after `npm run build` (it imports
 * dist/); test/native/tables.test.ts checks the committed file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Path of the generated file, relative to the repository root. */
export const NATIVE_LARGE = 'test/fixtures/large_stacks.native.txt';

/** Item i of a generated stack: every 7th empty, else the two bytes of i, little-endian (all distinct). */
export function bottomItem(i) {
  return i % 7 === 3 ? new Uint8Array(0) : Uint8Array.of(i & 0xff, i >> 8);
}

/** Items as hashed: a 4-byte little-endian length then the bytes, per item. */
export function serializeItems(items) {
  const out = new Uint8Array(items.reduce((n, it) => n + 4 + it.length, 0));
  let at = 0;
  for (const it of items) {
    new DataView(out.buffer).setUint32(at, it.length, true);
    out.set(it, at + 4);
    at += 4 + it.length;
  }
  return out;
}

/**
 * The cases: every sigversion, 1,001 / 1,002 / 1,044 items (and the sizes where CHECKMULTISIG
 * crosses the limit), first instructions that pop, push, count or reach below the top 1,000 items.
 */
export function largeCases({ encodeScriptNum, fromHex, FLAGS }) {
  const num = (n) => encodeScriptNum(n);
  const cases = [];
  const add = (sigVersion, flags, n, top, script) => cases.push({ sigVersion, flags, n, top, script: fromHex(script) });
  const sigversions = ['base', 'witness_v0', 'tapscript'];
  // '' no instruction; DROP, 2DROP, DEPTH, DUP, TOALT, VERIFY, NUMEQUAL DROP, DROP DROP, 2DROP 2DROP,
  // 0 DROP, SWAP, NOP, ENDIF, a truncated push, RETURN, CAT, RESERVED, CHECKSIGADD / OP_SUCCESS,
  // CHECKMULTISIG, 10, IF 1 ENDIF, NOTIF 1 ELSE 1 ENDIF, IF DROP ENDIF, IF, NOTIF, IF ELSE,
  // EQUALVERIFY 1, WITHIN.
  const scripts = ['', '75', '6d', '74', '76', '6b', '69', '9c75', '7575', '6d6d', '0075', '7c', '61', '68', '4c', '6a', '7e', '50', 'ba', 'ae', '5a', '635168', '6451675168', '637568', '63', '64', '6367', '8851', 'a5'];
  const deep = (n) => [num(5), num(998), num(999), num(1000), num(n - 2), num(n - 1), num(-1), Uint8Array.of(5, 0)];
  for (const n of [1001, 1002, 1044]) {
    for (const sv of sigversions) {
      for (const script of scripts) add(sv, 0, n, [Uint8Array.of(1)], script);
      // PICK, ROLL, ROLL DROP, ROLL ROLL, ROLL 2DROP 2DROP 2DROP, ROLL then 200 / 201 NOPs (the op limit).
      for (const script of ['79', '7a', '7a75', '7a7a', '7a6d6d6d', `7a${'61'.repeat(199)}`, `7a${'61'.repeat(200)}`]) {
        for (const top of deep(n)) add(sv, 0, n, [top], script);
      }
    }
  }
  // OP_IF / OP_NOTIF first on exactly 1,001 items: the rest runs inside the branch.
  for (const sv of sigversions) {
    for (const script of ['635168', '6451675168', '637568', '647567755168', '6375', '63', '6368', '63670068']) {
      for (const top of [Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2), Uint8Array.of(1, 0)]) add(sv, FLAGS.MINIMALIF, 1001, [top], script);
    }
  }
  // CHECKMULTISIG(VERIFY) with 20 keys and no signatures: it pops 23 items (22 and pushes one) and
  // counts 21 opcodes; then NOPs up to and past the op limit.
  const multisig = [new Uint8Array(0), ...Array.from({ length: 20 }, () => Uint8Array.of(2)), num(20)];
  for (const n of [1022, 1023, 1024, 1044]) {
    for (const script of ['af', `af${'61'.repeat(180)}`, `af${'61'.repeat(181)}`, 'ae', `ae75${'61'.repeat(179)}`, `ae75${'61'.repeat(180)}`]) {
      add('base', 0, n, multisig, script);
      add('witness_v0', 0, n, multisig, script);
    }
  }
  // Flags, a script over 10,000 bytes, an item over 520 bytes.
  for (const flags of [FLAGS.MINIMALDATA, FLAGS.CLEANSTACK, FLAGS.MINIMALIF | FLAGS.DISCOURAGE_OP_SUCCESS]) {
    for (const script of ['', '75', '7a', 'ba', '69', '9c']) {
      for (const sv of sigversions) add(sv, flags, 1001, [script === '7a' ? num(1000) : Uint8Array.of(1, 0)], script);
    }
  }
  for (const sv of sigversions) {
    add(sv, 0, 1001, [Uint8Array.of(1)], '00'.repeat(10_001));
    add(sv, 0, 1001, [new Uint8Array(521), Uint8Array.of(1)], '75');
  }
  return cases;
}

/**
 * Spends of witnesses of 1,001 / 1,002 / 1,003 / 1,044 items: P2WSH (native and P2SH-wrapped), P2WPKH,
 * the taproot script path (with an annex, another leaf version, a control block of a wrong size),
 * another witness version, no witness program; with the witness and taproot flags, with the
 * discouragements, with none.
 */
export function largeSpends({ encodeScriptNum, fromHex, FLAGS, sha256, ripemd160, buildTaprootOutput }) {
  const num = (n) => encodeScriptNum(n);
  const hash160 = (b) => ripemd160(sha256(b));
  const spends = [];
  const empty = new Uint8Array(0);
  const all = FLAGS.P2SH | FLAGS.WITNESS | FLAGS.TAPROOT;
  const flagSets = [all, all | FLAGS.DISCOURAGE_UPGRADABLE_WITNESS_PROGRAM | FLAGS.DISCOURAGE_UPGRADABLE_TAPROOT_VERSION | FLAGS.DISCOURAGE_OP_SUCCESS | FLAGS.CLEANSTACK, 0];
  // '' no instruction; DROP, 2DROP, DEPTH, ROLL (of the pushed depth), CHECKSIGADD / OP_SUCCESS,
  // RESERVED / OP_SUCCESS80, CHECKMULTISIG, IF 1 ENDIF, 0 DROP.
  const scripts = ['', '75', '6d', '74', '7a', 'ba', '50', 'ae', '635168', '0075'];
  for (const n of [1001, 1002, 1003, 1044]) {
    for (const hex of scripts) {
      const script = fromHex(hex);
      const top = [hex === '7a' ? num(n - 10) : Uint8Array.of(1)];
      const wsh = Uint8Array.of(0x00, 0x20, ...sha256(script));
      const wpkh = Uint8Array.of(0x00, 0x14, ...hash160(script));
      const p2sh = (redeem) => [Uint8Array.of(redeem.length, ...redeem), Uint8Array.of(0xa9, 0x14, ...hash160(redeem), 0x87)];
      const tap = buildTaprootOutput({ tree: { script } });
      const c2 = buildTaprootOutput({ tree: { script, leafVersion: 0xc2 } });
      const control = tap.leaves[0].controlBlock;
      const kinds = [
        [empty, wsh, [...top, script]],
        [...p2sh(wsh), [...top, script]],
        [empty, wpkh, [...top, script]],
        [...p2sh(wpkh), [...top, script]],
        [empty, tap.scriptPubKey, [...top, script, control]],
        [empty, tap.scriptPubKey, [...top, script, control, Uint8Array.of(0x50, 1)]],
        [empty, c2.scriptPubKey, [...top, script, c2.leaves[0].controlBlock]],
        [empty, tap.scriptPubKey, [...top, script, Uint8Array.of(...control, 0)]],
        [empty, Uint8Array.of(0x52, 0x20, ...sha256(script)), [...top, script]],
        [empty, fromHex('51'), [...top, script]],
      ];
      for (const [scriptSig, scriptPubKey, witnessTop] of kinds) {
        for (const flags of flagSets) spends.push({ flags, n, top: witnessTop, scriptSig, scriptPubKey });
      }
    }
  }
  return spends;
}

/** Renders the text file: each case run by `evaluate` / `verifyScript` (the TypeScript reference). */
export function renderLargeCases({ evaluate, verifyScript, buildTaprootOutput, toHex, sha256, ripemd160, encodeScriptNum, fromHex, FLAGS }) {
  const hex = (b) => (b.length ? toHex(b) : '-');
  const item = (b) => (b.length ? toHex(b) : '0x');
  const lines = ['# GENERATED by scripts/gen-native-large.mjs with the TypeScript reference. Do not edit.'];
  lines.push('# SIGVERSION FLAGS_HEX N TOP SCRIPT SUCCESS ERROR OPCOUNT STACK_SIZE ALT_SIZE STACK_SHA256 ALT_SHA256 (- = empty)');
  for (const c of largeCases({ encodeScriptNum, fromHex, FLAGS })) {
    const stack = Array.from({ length: c.n - c.top.length }, (_, i) => bottomItem(i)).concat(c.top);
    const r = evaluate(c.script, stack, { sigVersion: c.sigVersion, flags: c.flags });
    const sv = { base: 0, witness_v0: 1, tapscript: 3 }[c.sigVersion];
    lines.push(
      [sv, c.flags.toString(16), c.n, c.top.length ? c.top.map(item).join(',') : '-', hex(c.script), r.success ? 1 : 0, r.error, r.opCount,
        r.stack.length, r.altstack.length, toHex(sha256(serializeItems(r.stack))), toHex(sha256(serializeItems(r.altstack)))].join(' '),
    );
  }
  lines.push('# W FLAGS_HEX N TOP SCRIPTSIG SCRIPTPUBKEY SUCCESS ERROR OPCOUNT STACK_SIZE ALT_SIZE STACK_SHA256 ALT_SHA256 (- = empty)');
  for (const c of largeSpends({ encodeScriptNum, fromHex, FLAGS, sha256, ripemd160, buildTaprootOutput })) {
    const witness = Array.from({ length: c.n - c.top.length }, (_, i) => bottomItem(i)).concat(c.top);
    const r = verifyScript(c.scriptSig, c.scriptPubKey, { flags: c.flags, witness });
    lines.push(
      ['W', c.flags.toString(16), c.n, c.top.map(item).join(','), hex(c.scriptSig), hex(c.scriptPubKey), r.success ? 1 : 0, r.error, r.opCount,
        r.stack.length, r.altstack.length, toHex(sha256(serializeItems(r.stack))), toHex(sha256(serializeItems(r.altstack)))].join(' '),
    );
  }
  return lines.join('\n') + '\n';
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = new URL('../', import.meta.url);
  const { evaluate, verifyScript } = await import(new URL('dist/vm/verify.js', root).href);
  const { buildTaprootOutput } = await import(new URL('dist/bitcoin/taproot.js', root).href);
  const { ripemd160 } = await import('@noble/hashes/legacy.js');
  const { toHex, fromHex } = await import(new URL('dist/script/bytes.js', root).href);
  const { encodeScriptNum } = await import(new URL('dist/script/scriptnum.js', root).href);
  const { FLAGS } = await import(new URL('dist/vm/flags.js', root).href);
  const { sha256 } = await import('@noble/hashes/sha2.js');
  const out = renderLargeCases({ evaluate, verifyScript, buildTaprootOutput, toHex, sha256, ripemd160, encodeScriptNum, fromHex, FLAGS });
  writeFileSync(new URL(NATIVE_LARGE, root), out);
  process.stdout.write(`wrote ${NATIVE_LARGE} (${out.split('\n').length - 4} cases)\n`);
}

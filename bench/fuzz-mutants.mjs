/**
 * A catalogue of realistic single-rule consensus bugs, each a candidate evaluator for
 * `checkEquivalence`: bsml's reference interpreter (the compiled dist/, so `npm run build` first)
 * with one rule changed in its source. A mutant is a text replacement in one compiled module
 * (dist/vm/interpreter.js, dist/vm/verify.js or dist/script/scriptnum.js); `loadMutant` copies the
 * modules `evaluate` loads into a temporary directory, applies the replacement there and imports
 * the copy, so the interpreter itself is never changed. A pattern that no longer matches exactly
 * once (the interpreter was edited) is an error naming the mutant.
 *
 * Used by bench/fuzz-detection.mjs (detection rate of each bug at checkEquivalence's defaults) and
 * test/testing/fuzz-detection.test.ts (the hardest ones must stay found).
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/**
 * Each mutant: `id`, the rule it breaks (`bug`), the compiled module it changes (`file`, under
 * dist/), the source text to find (`find`: any run of white space matches any run) and what
 * replaces it.
 */
export const MUTANTS = [
  // Pushes and numbers.
  { id: 'minimaldata-push', bug: 'MINIMALDATA: non-minimal pushes accepted', file: 'vm/interpreter.js', find: 'if (requireMinimal && !isMinimalPush(ins.data, opcode))', replace: 'if (false)' },
  { id: 'minimaldata-operands', bug: 'MINIMALDATA: non-minimal operands of ADD, NUMEQUAL, … accepted', file: 'vm/interpreter.js', find: 'const a = num(top(-2)); const b = num(top(-1));', replace: 'const a = scriptNumOrNaN(top(-2), false); const b = scriptNumOrNaN(top(-1), false);' },
  { id: 'minimal-numbers-always', bug: 'number operands must be minimal even without MINIMALDATA', file: 'vm/interpreter.js', find: 'const num = (item) => scriptNumOrNaN(item, requireMinimal);', replace: 'const num = (item) => scriptNumOrNaN(item, true);' },
  { id: 'add-5-byte', bug: 'ADD, NUMEQUAL, … accept 5-byte operands', file: 'vm/interpreter.js', find: 'const a = num(top(-2)); const b = num(top(-1));', replace: 'const a = scriptNumOrNaN(top(-2), requireMinimal, 5); const b = scriptNumOrNaN(top(-1), requireMinimal, 5);' },
  { id: 'negative-zero-true', bug: 'negative zero (80, 0080) is true', file: 'script/scriptnum.js', find: 'return !(i === n - 1 && bytes[i] === 0x80);', replace: 'return true;' },
  { id: 'push-521', bug: 'a 521-byte push is accepted (limit off by one)', file: 'vm/interpreter.js', find: 'ins.data.length > MAX_SCRIPT_ELEMENT_SIZE)', replace: 'ins.data.length > MAX_SCRIPT_ELEMENT_SIZE + 1)' },
  { id: 'within-inclusive', bug: 'WITHIN includes its upper bound', file: 'vm/interpreter.js', find: 'lo <= x && x < hi', replace: 'lo <= x && x <= hi' },
  { id: 'size-of-number', bug: 'OP_SIZE of a short item is the size of its minimal number encoding (80 has size 0)', file: 'vm/interpreter.js', find: 'stack.push(encodeScriptNum(top(-1).length));', replace: 'stack.push(encodeScriptNum(top(-1).length <= 4 ? encodeScriptNum(scriptNumOrNaN(top(-1), false)).length : top(-1).length));' },
  // Stack operations and limits.
  { id: 'pick-depth', bug: 'PICK/ROLL accept n = depth', file: 'vm/interpreter.js', find: 'if (n < 0 || n >= stack.length)', replace: 'if (n < 0 || n > stack.length)' },
  { id: 'rot-backwards', bug: 'ROT rotates the wrong way (a b c -> c a b)', file: 'vm/interpreter.js', find: 'const moved = stack.splice(stack.length - 3, 1); stack.push(moved[0]);', replace: 'const moved = stack.splice(stack.length - 1, 1); stack.splice(stack.length - 2, 0, moved[0]);' },
  { id: 'stack-1001', bug: 'stack limit off by one (1001 items accepted)', file: 'vm/interpreter.js', find: 'if (stack.length + altstack.length > MAX_STACK_SIZE)', replace: 'if (stack.length + altstack.length > MAX_STACK_SIZE + 1)' },
  { id: 'altstack-not-counted', bug: 'the altstack does not count towards the 1000-item limit', file: 'vm/interpreter.js', find: 'if (stack.length + altstack.length > MAX_STACK_SIZE)', replace: 'if (stack.length > MAX_STACK_SIZE)' },
  // Op count.
  { id: 'opcount-executed-only', bug: "op count leaves out an unexecuted branch's opcodes", file: 'vm/interpreter.js', find: 'if (legacyLimits && opcode > OP.OP_16 && ++opCount', replace: 'if (legacyLimits && fExec && opcode > OP.OP_16 && ++opCount' },
  { id: 'opcount-small-pushes', bug: 'op count counts OP_1NEGATE and OP_1..OP_16', file: 'vm/interpreter.js', find: 'if (legacyLimits && opcode > OP.OP_16 && ++opCount', replace: 'if (legacyLimits && opcode > OP.OP_PUSHDATA4 && ++opCount' },
  { id: 'opcount-ge', bug: 'the 201-op limit as >= instead of >', file: 'vm/interpreter.js', find: 'opcode > OP.OP_16 && ++opCount > MAX_OPS_PER_SCRIPT', replace: 'opcode > OP.OP_16 && ++opCount >= MAX_OPS_PER_SCRIPT' },
  { id: 'multisig-keys-not-counted', bug: "CHECKMULTISIG's key count is not added to the op count", file: 'vm/interpreter.js', find: 'opCount += keysCount;', replace: '' },
  // Opcodes in unexecuted branches.
  { id: 'disabled-if-executed', bug: 'a disabled opcode (CAT, MUL, …) fails only when executed', file: 'vm/interpreter.js', find: 'switch (opcode) { case OP.OP_CAT:', replace: 'if (fExec) switch (opcode) { case OP.OP_CAT:' },
  { id: 'verif-if-executed', bug: 'OP_VERIF / OP_VERNOTIF fail only when executed', file: 'vm/interpreter.js', find: 'else if (fExec || (opcode >= OP.OP_IF && opcode <= OP.OP_ENDIF))', replace: 'else if (fExec || opcode === OP.OP_IF || opcode === OP.OP_NOTIF || opcode === OP.OP_ELSE || opcode === OP.OP_ENDIF)' },
  { id: 'codesep-if-executed', bug: 'CONST_SCRIPTCODE: OP_CODESEPARATOR fails only when executed', file: 'vm/interpreter.js', find: "if (opcode === OP.OP_CODESEPARATOR && sigVersion === 'base'", replace: "if (fExec && opcode === OP.OP_CODESEPARATOR && sigVersion === 'base'" },
  // Conditionals.
  { id: 'minimalif-v0-off', bug: 'MINIMALIF not enforced in witness v0', file: 'vm/interpreter.js', find: "if (sigVersion === 'witness_v0' && flags & FLAGS.MINIMALIF)", replace: 'if (false)' },
  { id: 'minimalif-in-base', bug: 'MINIMALIF enforced in base scripts too', file: 'vm/interpreter.js', find: "if (sigVersion === 'witness_v0' && flags & FLAGS.MINIMALIF)", replace: "if ((sigVersion === 'witness_v0' || sigVersion === 'base') && flags & FLAGS.MINIMALIF)" },
  { id: 'tapscript-minimalif-flag', bug: 'tapscript MINIMALIF enforced only under the MINIMALIF flag', file: 'vm/interpreter.js', find: "if (sigVersion === 'tapscript') { if (vch.length > 1", replace: "if (sigVersion === 'tapscript' && flags & FLAGS.MINIMALIF) { if (vch.length > 1" },
  // Signature opcodes (every signature fails: Core's base checker).
  { id: 'nulldummy-off', bug: 'NULLDUMMY ignored', file: 'vm/interpreter.js', find: 'if (flags & FLAGS.NULLDUMMY && top(-1).length)', replace: 'if (false)' },
  { id: 'multisig-no-dummy', bug: 'CHECKMULTISIG consumes one item too few (no dummy)', file: 'vm/interpreter.js', find: "if (stack.length < 1) return fail('INVALID_STACK_OPERATION'); if (flags & FLAGS.NULLDUMMY && top(-1).length) return fail('SIG_NULLDUMMY'); stack.pop(); stack.push(success", replace: 'stack.push(success' },
  { id: 'nullfail-off', bug: 'NULLFAIL ignored by CHECKSIG', file: 'vm/interpreter.js', find: 'if (!ok && flags & FLAGS.NULLFAIL && sig.length)', replace: 'if (false)' },
  { id: 'checksigadd-5-byte', bug: 'CHECKSIGADD accepts a 5-byte number', file: 'vm/interpreter.js', find: 'const n = num(top(-2));', replace: 'const n = scriptNumOrNaN(top(-2), requireMinimal, 5);' },
  // Lock times and NOPs.
  { id: 'upgradable-nops-off', bug: 'DISCOURAGE_UPGRADABLE_NOPS ignored', file: 'vm/interpreter.js', find: 'if (flags & FLAGS.DISCOURAGE_UPGRADABLE_NOPS)', replace: 'if (false)' },
  { id: 'cltv-negative', bug: 'CHECKLOCKTIMEVERIFY does not reject a negative lock time', file: 'vm/interpreter.js', find: "if (lockTime < 0) return fail('NEGATIVE_LOCKTIME');", replace: '' },
  { id: 'csv-4-byte', bug: 'CHECKSEQUENCEVERIFY reads at most 4 bytes (not 5)', file: 'vm/interpreter.js', find: 'const sequence = scriptNumOrNaN(top(-1), requireMinimal, LOCKTIME_MAX_NUM_SIZE);', replace: 'const sequence = scriptNumOrNaN(top(-1), requireMinimal);' },
  { id: 'csv-disable-flag-off', bug: "CHECKSEQUENCEVERIFY ignores the disable flag (bit 31)", file: 'vm/interpreter.js', find: 'if (Math.floor(sequence / SEQUENCE_LOCKTIME_DISABLE_FLAG) % 2 === 1) break;', replace: '' },
  // Whole-script rules (verify.js).
  { id: 'cleanstack-off', bug: 'CLEANSTACK ignored (base)', file: 'vm/verify.js', find: 'else if (flags & FLAGS.CLEANSTACK && stack.length !== 1)', replace: 'else if (false)' },
  {
    id: 'op-success-after-parse',
    bug: 'tapscript: the whole script must parse before OP_SUCCESSx counts (a truncated push after it fails)',
    file: 'vm/verify.js',
    find: "if (isOpSuccess(ins.opcode)) { return done(flags & FLAGS.DISCOURAGE_OP_SUCCESS ? 'DISCOURAGE_OP_SUCCESS' : 'OK'); } pc = ins.end; }",
    replace: "if (isOpSuccess(ins.opcode)) opSuccess = true; pc = ins.end; } if (opSuccess) return done(flags & FLAGS.DISCOURAGE_OP_SUCCESS ? 'DISCOURAGE_OP_SUCCESS' : 'OK');",
    // `opSuccess` is declared before the scan.
    also: { find: 'while (pc < script.length) {', replace: 'let opSuccess = false; while (pc < script.length) {' },
  },
  { id: 'op-success-after-stack-size', bug: 'tapscript: the 1000-item stack limit checked before the OP_SUCCESSx scan', file: 'vm/verify.js', find: 'while (pc < script.length) {', replace: "if (stack.length > MAX_STACK_SIZE) return done('STACK_SIZE'); while (pc < script.length) {" },
];

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `text` with `find` (white space matching any white space) replaced once; throws unless it occurs exactly once. */
function replaceOnce(text, find, replace, where) {
  const re = new RegExp(find.trim().split(/\s+/).map(escape).join('\\s+'), 'g');
  const n = [...text.matchAll(re)].length;
  if (n !== 1) throw new Error(`${where}: the pattern ${JSON.stringify(find)} occurs ${n} times (expected once): update the mutant`);
  return text.replace(re, () => replace);
}

/** The compiled modules `entry` imports, transitively (relative imports only), as paths under dist/. */
function closure(entry) {
  const seen = new Set();
  const visit = (rel) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const text = readFileSync(join(DIST, rel), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) visit(relative(DIST, resolve(dirname(join(DIST, rel)), m[1])));
  };
  visit(entry);
  return [...seen];
}

let tmpRoot;
function mutantDir(id) {
  if (!tmpRoot) {
    tmpRoot = mkdtempSync(join(tmpdir(), 'bsml-mutants-'));
    process.once('exit', () => rmSync(tmpRoot, { recursive: true, force: true }));
  }
  return join(tmpRoot, id);
}

/**
 * Loads mutant `id` (or a mutant object): a copy of the modules dist/vm/verify.js loads, with the
 * mutant's replacement applied, and bare imports (@noble/hashes, …) pointed at this repository's
 * packages. Resolves to the copy's `evaluate`.
 */
export async function loadMutantEvaluate(mutant) {
  const m = typeof mutant === 'string' ? MUTANTS.find((x) => x.id === mutant) : mutant;
  if (!m) throw new Error(`unknown mutant ${JSON.stringify(mutant)} (known: ${MUTANTS.map((x) => x.id).join(', ')})`);
  const dir = mutantDir(m.id);
  const files = closure('vm/verify.js');
  if (!files.includes(m.file)) throw new Error(`mutant ${m.id}: ${m.file} is not loaded by vm/verify.js`);
  for (const rel of files) {
    const from = join(DIST, rel);
    const to = join(dir, rel);
    mkdirSync(dirname(to), { recursive: true });
    let text = readFileSync(from, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '');
    const req = createRequire(from);
    text = text.replace(/(from\s*)'([^'.][^']*)'/g, (_, kw, spec) => `${kw}'${pathToFileURL(req.resolve(spec)).href}'`);
    if (rel === m.file) {
      text = replaceOnce(text, m.find, m.replace, `mutant ${m.id}`);
      if (m.also) text = replaceOnce(text, m.also.find, m.also.replace, `mutant ${m.id}`);
    }
    writeFileSync(to, text);
  }
  copyFileSync(join(DIST, '..', 'package.json'), join(dir, 'package.json')); // "type": "module"
  const mod = await import(pathToFileURL(join(dir, 'vm/verify.js')).href);
  return mod.evaluate;
}

/**
 * Mutant `id` as a `checkEquivalence` candidate reporting only success and error (what a wrapper of
 * libbitcoinconsensus or a node would report; comparing more fields only finds more).
 */
export async function loadMutant(mutant) {
  const evaluate = await loadMutantEvaluate(mutant);
  return (script, stack, flags, sigVersion) => {
    const r = evaluate(script, stack, { flags, sigVersion });
    return { success: r.success, error: r.error };
  };
}

/**
 * The worst-case tapscripts of README "Limits and worst cases", built at any scale. Tapscript has
 * no script-size or op-count limit, so a valid script can be megabytes long; what bounds it is the
 * stack (1000 items of at most 520 bytes). Each builder returns the script, the initial stack and
 * what a correct engine answers (its op count is 0: Core counts opcodes in BASE and WITNESS_V0 only). Used by bench/worst-case.mjs (time and memory against length) and
 * test/vm/worst-case.test.ts (the answers, on both engines).
 */

const OP_0 = 0x00, OP_PUSHDATA2 = 0x4d, OP_1 = 0x51, OP_IF = 0x63, OP_ELSE = 0x67, OP_ENDIF = 0x68;
const OP_VERIFY = 0x69, OP_2DROP = 0x6d, OP_DROP = 0x75, OP_DUP = 0x76, OP_ROLL = 0x7a, OP_EQUALVERIFY = 0x88;
const OP_SHA256 = 0xa8;

/** A 520-byte item whose bytes depend on `seed`. */
export function item520(seed) {
  const b = new Uint8Array(520);
  for (let i = 0; i < 520; i++) b[i] = (seed * 131 + i * 7 + (seed >> 8)) & 0xff;
  return b;
}

function push520(item) {
  const out = new Uint8Array(3 + 520);
  out.set([OP_PUSHDATA2, 520 & 0xff, 520 >> 8]);
  out.set(item, 3);
  return out;
}

/** Concatenates a repeated unit `times` times, then a head and a tail. */
function build(head, unit, times, tail) {
  const out = new Uint8Array(head.length + unit.length * times + tail.length);
  out.set(head, 0);
  for (let i = 0, off = head.length; i < times; i++, off += unit.length) out.set(unit, off);
  out.set(tail, head.length + unit.length * times);
  return out;
}

/**
 * `<520 bytes> DROP`, repeated to about `bytes` bytes, then `1`: the largest scripts (every
 * instruction a maximal push). Answer: OK.
 */
export function pushDrop(bytes) {
  const unit = new Uint8Array([...push520(item520(1)), OP_DROP]);
  const times = Math.max(1, Math.floor(bytes / unit.length));
  return { name: 'push520-drop', script: build([], unit, times, [OP_1]), stack: [], expect: { error: 'OK', opCount: 0 }, units: times };
}

/**
 * 999 initial items of 520 bytes (with the pushed rotation count, 1000: the stack limit), and
 * `<998> ROLL` repeated: every instruction moves the whole stack. Then the expected top item is
 * compared and everything dropped. Answer: OK (a wrong rotation fails EQUALVERIFY).
 */
export function rollFullStack(bytes) {
  const n = 999;
  const stack = Array.from({ length: n }, (_, i) => item520(i));
  const unit = [0x02, (n - 1) & 0xff, (n - 1) >> 8, OP_ROLL];
  const times = Math.max(1, Math.floor(bytes / unit.length));
  // After k rolls of the bottom item to the top, the top is the original item (k - 1) mod n.
  const expectedTop = item520((times - 1) % n);
  const tail = [...push520(expectedTop), OP_EQUALVERIFY, ...new Array((n - 1) / 2).fill(OP_2DROP), OP_1];
  return { name: 'roll-999x520', script: build([], unit, times, tail), stack, expect: { error: 'OK', opCount: 0 }, units: times };
}

/** One 520-byte item hashed over and over: `DUP SHA256 DROP` repeated, then `DROP 1`. Answer: OK. */
export function hashItems(bytes) {
  const unit = [OP_DUP, OP_SHA256, OP_DROP];
  const times = Math.max(1, Math.floor(bytes / unit.length));
  return { name: 'sha256-520', script: build([], unit, times, [OP_DROP, OP_1]), stack: [item520(7)], expect: { error: 'OK', opCount: 0 }, units: times };
}

/**
 * `depth` nested `1 IF`, then `elses` ELSEs toggling the innermost branch (Core once tracked these
 * in a way that made each opcode cost the nesting depth), then the ENDIFs and `1`. With
 * `unbalanced`, one ENDIF is missing: UNBALANCED_CONDITIONAL, found only at the end.
 */
export function nestedIfs(depth, elses, unbalanced = false) {
  const closes = unbalanced ? depth - 1 : depth;
  const script = new Uint8Array(2 * depth + elses + closes + 1);
  let p = 0;
  for (let i = 0; i < depth; i++) (script[p++] = OP_1), (script[p++] = OP_IF);
  for (let i = 0; i < elses; i++) script[p++] = OP_ELSE;
  for (let i = 0; i < closes; i++) script[p++] = OP_ENDIF;
  script[p++] = OP_1;
  return {
    name: unbalanced ? 'nested-if-unbalanced' : 'nested-if',
    script,
    stack: [],
    expect: { error: unbalanced ? 'UNBALANCED_CONDITIONAL' : 'OK', opCount: 0 },
    units: depth,
  };
}

/** A false outer IF around `depth` nested IFs: nothing inside executes, every IF is still tracked. */
export function skippedIfs(depth) {
  const script = new Uint8Array(3 + 2 * depth + depth + 2);
  let p = 0;
  script[p++] = OP_0;
  script[p++] = OP_IF;
  for (let i = 0; i < depth; i++) (script[p++] = OP_VERIFY), (script[p++] = OP_IF);
  script[p++] = OP_ELSE;
  for (let i = 0; i < depth; i++) script[p++] = OP_ENDIF;
  script[p++] = OP_ENDIF;
  script[p++] = OP_1;
  return { name: 'skipped-if', script: script.subarray(0, p), stack: [], expect: { error: 'OK', opCount: 0 }, units: depth };
}

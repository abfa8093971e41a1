import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadBatchBinding } from '../../src/engine/batch-binding.js';
import { BatchInputError, evaluateBatch, evaluateBatchStream, evaluateBatchSync, type BatchOptions, type BatchResult } from '../../src/engine/batch.js';
import { toHex } from '../../src/script/bytes.js';
import { parseCoreAsm } from '../../src/script/asm.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { FLAGS } from '../../src/vm/flags.js';
import { evaluate, type EvalResult } from '../../src/vm/verify.js';
import { BOUNDARY_NUMBERS, flags, laneStacks, sigVersion, vectorScript } from './batch-arbitraries.js';

const binding = loadBatchBinding();
const ISAS = binding ? binding.isas().available : [];

const view = (r: EvalResult) => ({
  success: r.success,
  error: r.error,
  stack: r.stack.map(toHex),
  altstack: r.altstack.map(toHex),
  opCount: r.opCount,
});

/** Every lane of `batch` must equal the TypeScript reference run on that lane alone. */
function expectLanesEqual(batch: BatchResult, script: Uint8Array, stacks: Uint8Array[][], options: BatchOptions): void {
  expect(batch.lanes).toBe(stacks.length);
  for (let i = 0; i < stacks.length; i++) {
    const want = evaluate(script, stacks[i]!, { sigVersion: options.sigVersion, flags: options.flags });
    const got = batch.lane(i);
    if (JSON.stringify(view(got)) !== JSON.stringify(view(want))) {
      expect({ lane: i, ...view(got) }).toEqual({ lane: i, ...view(want) });
    }
    expect(batch.error(i)).toBe(want.error);
    expect(batch.success[i]).toBe(want.success ? 1 : 0);
  }
}

describe('evaluateBatch without the addon (engine ts)', () => {
  it('equals evaluate lane by lane', async () => {
    const script = parseCoreAsm('DUP ADD 0 MAX');
    const stacks = [[encodeScriptNum(3)], [encodeScriptNum(-4)], [Uint8Array.of(1, 0)]];
    const r = await evaluateBatch(script, stacks, { engine: 'ts' });
    expect(r.stats.engine).toBe('ts');
    expectLanesEqual(r, script, stacks, {});
  });

  it('rejects bad input with BatchInputError naming the problem', () => {
    expect(() => evaluateBatchSync(Uint8Array.of(0x51), [[Uint8Array.of(1)], ['x' as unknown as Uint8Array]])).toThrow(/stacks\[1\]\[0\]/);
    expect(() => evaluateBatchSync(Uint8Array.of(0x51), { data: new Int32Array(5), width: 2 })).toThrow(BatchInputError);
    expect(() => evaluateBatchSync(Uint8Array.of(0x51), [], { threads: 0 })).toThrow(/threads/);
    expect(() => evaluateBatchSync(Uint8Array.of(0x51), [], { isa: 'sse' as 'avx2' })).toThrow(/isa/);
  });
});

describe.skipIf(!binding)('batch engine (native addon)', () => {
  it('reports the ISAs it can run', () => {
    expect(ISAS).toContain('scalar');
  });

  for (const isa of ISAS) {
    describe(`isa ${isa}`, () => {
      it('every lane equals the TypeScript engine on random vector-path scripts and stacks', () => {
        let vector = 0;
        let fallback = 0;
        fc.assert(
          fc.property(
            vectorScript,
            laneStacks,
            sigVersion,
            flags,
            fc.constantFrom(1, 2),
            fc.constantFrom(16, 32, 48, 256),
            (script, stacks, sv, fl, threads, chunkLanes) => {
              const options: BatchOptions = { sigVersion: sv, flags: fl, engine: 'batch', isa, threads, chunkLanes };
              const r = evaluateBatchSync(script, stacks, options);
              expect(r.stats.isa).toBe(isa);
              vector += r.stats.vectorLanes;
              fallback += r.stats.nativeLanes + r.stats.tsLanes;
              expectLanesEqual(r, script, stacks, options);
            },
          ),
          { numRuns: 400 },
        );
        // The property must exercise both paths.
        expect(vector).toBeGreaterThan(1000);
        expect(fallback).toBeGreaterThan(100);
      });

      it('dense int32 and BigInt64 matrices equal evaluate on the encoded stacks', () => {
        const value = fc.oneof(fc.constantFrom(...BOUNDARY_NUMBERS.filter((n) => Math.abs(n) <= 2 ** 31)), fc.integer({ min: -1000, max: 1000 }));
        fc.assert(
          fc.property(
            vectorScript,
            fc.integer({ min: 1, max: 5 }),
            fc.integer({ min: 1, max: 40 }),
            fc.boolean(),
            sigVersion,
            (script, width, lanes, big, sv) => {
              fc.assert(
                fc.property(fc.array(value, { minLength: width * lanes, maxLength: width * lanes }), (vals) => {
                  const clamped = vals.map((v) => Math.max(-(2 ** 31), Math.min(2 ** 31 - 1, v)));
                  const data = big ? BigInt64Array.from(vals.map((v) => BigInt(v))) : Int32Array.from(clamped);
                  const used = big ? vals : clamped;
                  const stacks = Array.from({ length: lanes }, (_, i) => used.slice(i * width, (i + 1) * width).map((v) => encodeScriptNum(v)));
                  const options: BatchOptions = { sigVersion: sv, engine: 'batch', isa };
                  const r = evaluateBatchSync(script, { data, width }, options);
                  expectLanesEqual(r, script, stacks, options);
                  const m = r.stackMatrix();
                  for (let i = 0; i < lanes; i++) {
                    const lane = r.lane(i);
                    expect(m.depth[i]).toBe(lane.stack.length);
                  }
                }),
                { numRuns: 2 },
              );
            },
          ),
          { numRuns: 100 },
        );
      });
    });
  }

  it('the synchronous run reads its input in place (aligned or not) and gives what the copying async run gives', async () => {
    // batchRunSync reads aligned dense input where it lies; a view at an odd address is copied.
    const b = binding!;
    const script = parseCoreAsm('2DUP ADD ROT SUB 1ADD 0 MAX 3 ROLL TOALTSTACK');
    const lanes = 700;
    const width = 4;
    const rnd = (i: number) => ((Math.imul(i + 1, 2654435761) >>> 0) % 2001) - 1000;
    for (const kind of ['i32', 'i64'] as const) {
      const elem = kind === 'i32' ? 4 : 8;
      const aligned = kind === 'i32' ? Int32Array.from({ length: lanes * width }, (_, i) => rnd(i)) : BigInt64Array.from({ length: lanes * width }, (_, i) => BigInt(rnd(i)));
      const src = new Uint8Array(aligned.buffer);
      const odd = new Uint8Array(src.length + 1).subarray(1);
      odd.set(src);
      const args = (bytes: Uint8Array) => ({
        script, sigversion: 0, flags: 0, isa: 'auto', threads: 2, chunkLanes: 64, nativeFallback: true,
        input: { kind, lanes, width, bytes },
      });
      const inPlace = b.runSync(args(src));
      expect(inPlace.status.filter((x) => x === 0).length).toBe(lanes); // all on the vector path
      expect(b.runSync(args(odd))).toEqual(inPlace);
      expect(await b.run(args(src))).toEqual(inPlace);
      expect(src.length).toBe(lanes * width * elem);
    }
  });

  it('answers a model-like script on the vector path and keeps 5-byte results exact', () => {
    const script = parseCoreAsm('DUP ADD DUP ADD 1 PICK ADD 0 MAX TOALTSTACK DUP 1ADD FROMALTSTACK');
    const stacks = [-5, 0, 7, 0x3fffffff, 0x7fffffff].map((n) => [encodeScriptNum(n), encodeScriptNum(n + 1)]);
    const r = evaluateBatchSync(script, stacks, { engine: 'batch' });
    // Absent, as the README documents `declined?` (it was a key holding undefined).
    expect('declined' in r.stats).toBe(false);
    expect(Object.keys(r.stats)).toEqual(['engine', 'isa', 'vectorLanes', 'nativeLanes', 'tsLanes', 'programLength']);
    expect(evaluateBatchSync(parseCoreAsm('SHA256'), stacks, { engine: 'batch' }).stats.declined).toBe('opcode outside the vector subset at byte 0');
    expect(r.stats.vectorLanes).toBeGreaterThanOrEqual(3);
    expectLanesEqual(r, script, stacks, {});
  });

  it('MINIMALIF (tapscript) sends lanes whose IF argument is not empty/0x01 to the scalar engine', () => {
    const script = parseCoreAsm('IF 1ADD ELSE 1SUB ENDIF');
    const stacks = [0, 1, 2, -1].map((c) => [encodeScriptNum(10), encodeScriptNum(c)]);
    const r = evaluateBatchSync(script, stacks, { engine: 'batch', sigVersion: 'tapscript' });
    expect(r.error(2)).toBe('TAPSCRIPT_MINIMALIF');
    expect(r.stats.vectorLanes).toBe(2);
    expectLanesEqual(r, script, stacks, { sigVersion: 'tapscript' });
  });

  it('non-minimal witness items under MINIMALDATA behave exactly as in the scalar engine', () => {
    const script = parseCoreAsm('1ADD');
    const stacks = [[Uint8Array.of(5)], [Uint8Array.of(5, 0)], [Uint8Array.of(0x80)], [new Uint8Array(0)]];
    for (const f of [0, FLAGS.MINIMALDATA]) {
      const r = evaluateBatchSync(script, stacks, { engine: 'batch', flags: f });
      expectLanesEqual(r, script, stacks, { flags: f });
    }
  });

  it('is asynchronous: the event loop runs while a large batch evaluates, and progress is reported', async () => {
    const steps = ['1 PICK MAX', '-3 MAX', '100 MIN', 'DUP ADD 2 SUB 0 MAX 1000 MIN'];
    const script = parseCoreAsm(Array.from({ length: 400 }, (_, i) => steps[i % steps.length]).join(' '));
    const lanes = 200_000;
    const data = new Int32Array(lanes * 2).map((_, i) => (i % 97) - 48);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    const progress: number[] = [];
    const r = await evaluateBatch(script, { data, width: 2 }, { engine: 'batch', sigVersion: 'tapscript', onProgress: (d) => progress.push(d) });
    clearInterval(timer);
    expect(r.lanes).toBe(lanes);
    expect(progress.at(-1)).toBe(lanes);
    expect(ticks).toBeGreaterThan(0);
    expect(r.stats.vectorLanes).toBe(lanes);
    for (const i of [0, 1, 12345, lanes - 1]) {
      const want = evaluate(script, [encodeScriptNum(data[2 * i]!), encodeScriptNum(data[2 * i + 1]!)], { sigVersion: 'tapscript' });
      expect(view(r.lane(i))).toEqual(view(want));
    }
  });

  it('streams chunks', async () => {
    const script = parseCoreAsm('ADD');
    async function* chunks() {
      for (let c = 0; c < 3; c++) yield { data: Int32Array.from({ length: 20 }, (_, i) => i + c), width: 2 };
    }
    let n = 0;
    for await (const r of evaluateBatchStream(script, chunks(), { engine: 'batch' })) {
      expect(r.lanes).toBe(10);
      n++;
    }
    expect(n).toBe(3);
  });
});

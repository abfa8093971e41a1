/**
 * The engine benchmark behind `bsml bench` and bench/batch.mjs: one compiled-model script over many
 * witness stacks, measured as evaluations per second for the TypeScript engine (lane by lane), the
 * scalar native engine (lane by lane) and the batch engine (each kernel ISA, 1..N threads), plus a
 * peer (the libauth BCH virtual machine) on a smaller script both dialects accept.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { BENCH_DEFAULT_LANES, BENCH_DEFAULT_MIN_SECONDS, benchDefaultThreads } from './bench-defaults.js';
import { compileModel } from '../compiler/compile.js';
import { programFile } from '../compiler/artifact.js';
import { buildWitness } from '../compiler/witness.js';
import { loadModel } from '../models/load.js';
import { parseNumericCsv, toDataset } from '../models/csv.js';
import { OP } from '../script/opcodes.js';
import { decodeScriptNum, encodeScriptNum } from '../script/scriptnum.js';
import { pushData, readInstruction, isTruncated } from '../script/script.js';
import { fromHex } from '../script/bytes.js';
import { FLAGS } from '../vm/flags.js';
import { evaluate as evaluateTs, type EvaluateOptions } from '../vm/verify.js';
import { evaluateBatchSync, type BatchIsa } from './batch.js';
import { loadBatchBinding } from './batch-binding.js';
import { loadNative } from './native.js';
import { peerBench } from './bench-peer.js';
import { checkReplaceableDir, writeDirAtomic } from '../io/write-dir.js';

/** A script and the witness stacks to run it on. */
export interface Workload {
  name: string;
  script: Uint8Array;
  /** Distinct witness stacks (tiled to fill the lanes). */
  stacks: Uint8Array[][];
  options: Pick<EvaluateOptions, 'sigVersion' | 'flags'>;
}

/** One measured configuration. */
export interface BenchRun {
  engine: 'ts' | 'native' | 'batch' | 'libauth';
  isa?: string;
  threads?: number;
  lanes: number;
  /** Wall-clock seconds of the measured round. */
  seconds: number;
  /** CPU seconds the process used in that round (all threads). */
  cpu_seconds: number;
  evals_per_s: number;
  lane_ops_per_s: number;
  /** Evaluations per CPU second: robust to other processes taking the cores; for 1 thread, a per-core rate. */
  evals_per_cpu_s: number;
}

/** What `bsml bench --json` prints. */
export interface BenchReport {
  workload: string;
  lanes: number;
  /** Opcodes per evaluation (every instruction of the script; all run, it has no branches). */
  opcodes: number;
  script_bytes: number;
  lane_program_length?: number;
  ts_evals_per_s: number;
  native_evals_per_s: number | null;
  batch_lane_evals_per_s: number | null;
  batch_lane_ops_per_s: number | null;
  batch_isa: string | null;
  batch_threads: number | null;
  /** Best single-thread batch rate divided by the native engine's (per CPU second). */
  batch_vs_native_1t: number | null;
  /** Best single-thread batch lane-opcodes per CPU second (one core). */
  batch_lane_ops_per_cpu_s_1t: number | null;
  /** Two threads over one thread on the best ISA. */
  threads_scaling: number | null;
  runs: BenchRun[];
  peer: { name: string; script_opcodes: number; runs: BenchRun[]; note: string } | null;
  /** loadavg: the 1-minute load average when the run ended (other processes share the cores). */
  machine: { cpu: string; cores: number; node: string; isas: string[]; loadavg: number };
}

/** Options of `runBench`. */
export interface BenchOptions {
  /** Lanes of the batch runs (default {@link BENCH_DEFAULT_LANES}). */
  lanes?: number;
  /** Thread counts to try (default {@link benchDefaultThreads}: 1 and the core count). */
  threads?: number[];
  /** Kernel ISAs to try (default every one the machine has). */
  isas?: Exclude<BatchIsa, 'auto'>[];
  /** Minimum seconds per measurement (default {@link BENCH_DEFAULT_MIN_SECONDS}). */
  minSeconds?: number;
  workload?: Workload;
  /** Skip the libauth peer. */
  noPeer?: boolean;
  log?: (line: string) => void;
}

const root = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

/** Opcodes of a script (push instructions included). */
export function countOpcodes(script: Uint8Array): number {
  let n = 0;
  for (let pc = 0; pc < script.length; n++) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) break;
    pc = ins.end;
  }
  return n;
}

/**
 * The demo's digits model (data/digits: a 64→32→10 MLP) compiled with int8 weights for tapscript,
 * with the witnesses of its 450 test rows; undefined when the files are not there.
 */
export function digitsWorkload(): Workload | undefined {
  const onnx = root('data/digits/model.onnx');
  const csv = root('data/digits/test.csv');
  if (!existsSync(onnx) || !existsSync(csv)) return undefined;
  const model = loadModel(onnx, { inputRange: [0, 16] });
  const c = compileModel(model, { weights: 'int8' });
  const pf = programFile(c);
  const data = toDataset(parseNumericCsv(readFileSync(csv, 'utf8')), 64);
  const stacks = data.inputs.map((x) => buildWitness(pf.witness, pf.quantized, x, { allowOutOfRange: true }).items);
  const sv = pf.evaluation.sigVersion as 'tapscript';
  return { name: `digits 64-32-10 MLP (bsml compile, int8, ${sv})`, script: fromHex(pf.scriptHex), stacks, options: { sigVersion: sv, flags: pf.evaluation.flags } };
}

/** Deterministic pseudo-random integers. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s;
  };
}

/**
 * A generated script of a compiled model's shape: a dense layer of `outputs` neurons over `inputs`
 * stack inputs, multiplications by small constants as shift-and-add (DUP ADD), `0 MAX` ReLU; the
 * inputs are dropped and the outputs summed into one positive item at the end.
 */
export function syntheticWorkload(inputs = 64, outputs = 16, name?: string, sigVersion: 'base' | 'tapscript' = 'tapscript'): Workload {
  const rnd = lcg(42);
  const parts: number[] = [];
  const emit = (...b: number[]) => parts.push(...b);
  const pushN = (n: number) => emit(...pushData(encodeScriptNum(n)));
  for (let o = 0; o < outputs; o++) {
    // depth of input i from the top: (inputs - 1 - i) + o (outputs already pushed) + (accumulator)
    pushN(0);
    for (let i = 0; i < inputs; i++) {
      const w = (rnd() % 7) - 3;
      if (w === 0) continue;
      pushN(inputs - 1 - i + o + 1);
      emit(OP.OP_PICK);
      const m = Math.abs(w);
      if (m >= 2) emit(OP.OP_DUP, OP.OP_ADD);
      if (m === 3) emit(OP.OP_OVER, OP.OP_ADD); // not exact 3x, but the same op mix
      emit(w < 0 ? OP.OP_SUB : OP.OP_ADD);
    }
    emit(OP.OP_0, OP.OP_MAX);
  }
  // Keep the outputs: move them to the altstack, drop the inputs, sum them back (+1: truthy).
  for (let o = 0; o < outputs; o++) emit(OP.OP_TOALTSTACK);
  for (let i = 0; i < inputs; i += 2) emit(i + 1 < inputs ? OP.OP_2DROP : OP.OP_DROP);
  pushN(1);
  for (let o = 0; o < outputs; o++) emit(OP.OP_FROMALTSTACK, OP.OP_ADD);
  const rows = lcg(7);
  const stacks = Array.from({ length: 256 }, () => Array.from({ length: inputs }, () => encodeScriptNum(rows() % 17)));
  return {
    name: name ?? `generated ${inputs}x${outputs} dense layer (shift-and-add, 0 MAX)`,
    script: Uint8Array.from(parts),
    stacks,
    options: { sigVersion, flags: FLAGS.MINIMALDATA },
  };
}

/**
 * Runs `body` (which returns how many evaluations it did) in three rounds of about minSeconds/3
 * each and returns the median round: other processes on a shared machine disturb single timings.
 */
export function timeIt(minSeconds: number, body: () => number): { seconds: number; cpu_seconds: number; count: number } {
  const rounds: { seconds: number; cpu_seconds: number; count: number }[] = [];
  for (let r = 0; r < 3; r++) {
    let count = 0;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    let t = t0;
    do {
      count += body();
      t = performance.now();
    } while ((t - t0) / 1000 < minSeconds / 3);
    const c = process.cpuUsage(c0);
    rounds.push({ seconds: (t - t0) / 1000, cpu_seconds: (c.user + c.system) / 1e6, count });
  }
  rounds.sort((a, b) => a.count / a.seconds - b.count / b.seconds);
  return rounds[1]!;
}

/** Runs the benchmark. */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const log = options.log ?? (() => {});
  const w = options.workload ?? digitsWorkload() ?? syntheticWorkload();
  const lanes = options.lanes ?? BENCH_DEFAULT_LANES;
  const minSeconds = options.minSeconds ?? BENCH_DEFAULT_MIN_SECONDS;
  const opcodes = countOpcodes(w.script);
  const runs: BenchRun[] = [];
  const record = (r: Omit<BenchRun, 'evals_per_s' | 'lane_ops_per_s' | 'evals_per_cpu_s'>, ops = opcodes): BenchRun => {
    const evals = r.lanes / r.seconds;
    const run = { ...r, evals_per_s: evals, lane_ops_per_s: evals * ops, evals_per_cpu_s: r.lanes / r.cpu_seconds };
    runs.push(run);
    log(`${r.engine}${r.isa ? ` ${r.isa}` : ''}${r.threads ? ` x${r.threads}` : ''}: ${Math.round(evals).toLocaleString('en-US')} evals/s`);
    return run;
  };
  log(`workload: ${w.name}; ${opcodes} opcodes, ${w.script.length} bytes; ${lanes} lanes`);

  // TypeScript engine, lane by lane.
  let i = 0;
  const ts = timeIt(minSeconds, () => {
    evaluateTs(w.script, w.stacks[i++ % w.stacks.length]!, w.options);
    return 1;
  });
  const tsRun = record({ engine: 'ts', lanes: ts.count, seconds: ts.seconds, cpu_seconds: ts.cpu_seconds });

  // Scalar native engine, lane by lane.
  const native = loadNative();
  let nativeRun: BenchRun | undefined;
  if (native) {
    i = 0;
    const nt = timeIt(minSeconds, () => {
      native.evaluate(w.script, w.stacks[i++ % w.stacks.length]!, w.options);
      return 1;
    });
    nativeRun = record({ engine: 'native', lanes: nt.count, seconds: nt.seconds, cpu_seconds: nt.cpu_seconds });
  }

  // Batch engine: a dense matrix of the witness numbers, tiled to `lanes` rows.
  const binding = loadBatchBinding();
  let lengthOfProgram: number | undefined;
  const batchRuns: BenchRun[] = [];
  if (binding) {
    const width = w.stacks[0]!.length;
    const data = new BigInt64Array(lanes * width);
    for (let l = 0; l < lanes; l++) {
      const s = w.stacks[l % w.stacks.length]!;
      for (let j = 0; j < width; j++) data[l * width + j] = BigInt(decodeScriptNum(s[j]!, false, 8));
    }
    const isas = options.isas ?? binding.isas().available;
    const threadCounts = options.threads ?? benchDefaultThreads();
    for (const isa of isas) {
      for (const threads of threadCounts) {
        const first = evaluateBatchSync(w.script, { data, width }, { ...w.options, isa, threads, engine: 'batch' });
        lengthOfProgram = first.stats.programLength;
        if (first.stats.vectorLanes !== lanes) log(`note: ${lanes - first.stats.vectorLanes} lanes left the vector path (${first.stats.declined ?? 'per-lane checks'})`);
        const bt = timeIt(minSeconds, () => evaluateBatchSync(w.script, { data, width }, { ...w.options, isa, threads, engine: 'batch' }).lanes);
        batchRuns.push(record({ engine: 'batch', isa, threads, lanes: bt.count, seconds: bt.seconds, cpu_seconds: bt.cpu_seconds }));
      }
    }
  }
  const best = batchRuns.reduce<BenchRun | undefined>((b, r) => (!b || r.evals_per_s > b.evals_per_s ? r : b), undefined);
  const best1 = batchRuns.filter((r) => r.threads === 1).reduce<BenchRun | undefined>((b, r) => (!b || r.evals_per_cpu_s > b.evals_per_cpu_s ? r : b), undefined);
  const two = best1 && batchRuns.find((r) => r.isa === best1.isa && r.threads === 2);

  const peerWorkload = syntheticWorkload(8, 6, 'generated 8x6 dense layer', 'base');
  const report: BenchReport = {
    workload: w.name,
    lanes,
    opcodes,
    script_bytes: w.script.length,
    lane_program_length: lengthOfProgram,
    ts_evals_per_s: tsRun.evals_per_s,
    native_evals_per_s: nativeRun?.evals_per_s ?? null,
    batch_lane_evals_per_s: best?.evals_per_s ?? null,
    batch_lane_ops_per_s: best?.lane_ops_per_s ?? null,
    batch_isa: best?.isa ?? null,
    batch_threads: best?.threads ?? null,
    batch_vs_native_1t: best1 && nativeRun ? best1.evals_per_cpu_s / nativeRun.evals_per_cpu_s : null,
    batch_lane_ops_per_cpu_s_1t: best1 ? best1.evals_per_cpu_s * opcodes : null,
    threads_scaling: best1 && two ? two.evals_per_s / best1.evals_per_s : null,
    runs,
    peer: options.noPeer ? null : await peerBench(peerWorkload, countOpcodes(peerWorkload.script), timeIt, minSeconds, log),
    machine: { cpu: cpus()[0]?.model ?? 'unknown', cores: cpus().length, node: process.version, isas: binding?.isas().available ?? [], loadavg: loadavg()[0]! },
  };
  return report;
}

/** The report as a markdown table (engine, configuration, evaluations/s, lane-opcodes/s, ratio to native). */
export function benchTable(r: BenchReport): string {
  const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
  const base = r.runs.find((x) => x.engine === 'native')?.evals_per_cpu_s;
  const lines = [
    `Workload: ${r.workload}: ${r.opcodes} opcodes (${r.script_bytes} bytes)${r.lane_program_length ? `, ${r.lane_program_length} lane instructions` : ''}; ${r.lanes.toLocaleString('en-US')} lanes. Machine: ${r.machine.cpu}, ${r.machine.cores} cores, Node ${r.machine.node}, load average ${r.machine.loadavg.toFixed(1)}.`,
    '',
    '| engine | ISA | threads | evaluations/s (wall) | evaluations per CPU-s | lane-opcodes per CPU-s | × native (CPU) |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const run of r.runs) {
    lines.push(
      `| ${run.engine} | ${run.isa ?? '-'} | ${run.threads ?? 1} | ${fmt(run.evals_per_s)} | ${fmt(run.evals_per_cpu_s)} | ${fmt(run.evals_per_cpu_s * r.opcodes)} | ${base ? (run.evals_per_cpu_s / base).toFixed(1) : '-'} |`,
    );
  }
  if (r.peer) {
    lines.push('', `Peer (${r.peer.name}), ${r.peer.script_opcodes}-opcode script both dialects accept: ${r.peer.note}`, '', '| engine | evaluations/s (wall) | evaluations per CPU-s |', '|---|---:|---:|');
    for (const run of r.peer.runs) lines.push(`| ${run.engine}${run.isa ? ` ${run.isa}` : ''}${run.threads ? ` x${run.threads}` : ''} | ${fmt(run.evals_per_s)} | ${fmt(run.evals_per_cpu_s)} |`);
  }
  return lines.join('\n');
}

/** The files `bsml bench --out DIR` writes (an existing DIR holding only these, as bench wrote them, may be replaced). */
export const BENCH_OUT_FILES: readonly string[] = ['batch.json', 'batch.md'];

const isBenchOutFile = (name: string) => BENCH_OUT_FILES.includes(name);

/**
 * True for a file that a bench from before the output record (see {@link checkReplaceableDir})
 * wrote: its content is what bench writes under that name (a report object; a table under its
 * `Workload:` line), so a file of the user's that happens to be called `batch.md` is never replaced.
 */
function benchWroteBefore(name: string, content: Buffer): boolean {
  try {
    const text = content.toString('utf8');
    if (name === 'batch.md') return text.startsWith('Workload: ') && text.includes('\n| engine | ISA | threads |');
    const r = JSON.parse(text) as Partial<BenchReport> | null;
    return typeof r === 'object' && r !== null && typeof r.workload === 'string' && Array.isArray(r.runs);
  } catch {
    return false;
  }
}

/**
 * Throws unless {@link writeBenchOutDir} may write `dir`: it is missing, or a directory holding
 * only files an earlier bench wrote. Lets the CLI refuse before measuring.
 * @throws {@link OutputDirError}
 */
export function checkBenchOutDir(dir: string): void {
  checkReplaceableDir(dir, isBenchOutFile, benchWroteBefore);
}

/**
 * Writes `batch.json` (the report) and `batch.md` (its table) as the directory `dir`, atomically;
 * an existing `dir` is replaced only when it holds nothing but an earlier bench's files.
 * @throws {@link OutputDirError} naming the directory and the reason.
 */
export function writeBenchOutDir(dir: string, report: BenchReport): void {
  writeDirAtomic(dir, { 'batch.json': JSON.stringify(report, null, 2) + '\n', 'batch.md': benchTable(report) + '\n' }, isBenchOutFile, benchWroteBefore);
}

/**
 * The benchmark's peer: the libauth BCH virtual machine (`@bitauth/libauth`, a devDependency,
 * imported only when present) on a script both dialects accept (a small generated dense layer: at
 * most 201 counted opcodes, numbers well inside both number ranges), against bsml's engines on the
 * same script and stacks.
 */
import { pushData } from '../script/script.js';
import { evaluate as evaluateTs } from '../vm/verify.js';
import { evaluateBatchSync } from './batch.js';
import { loadBatchBinding } from './batch-binding.js';
import { loadNative } from './native.js';
import type { BenchRun, Workload } from './bench.js';

interface LibauthVm {
  evaluate(program: unknown): { error?: string; stack: Uint8Array[] };
}
interface Libauth {
  createVirtualMachineBCH2023(): LibauthVm;
  createTestAuthenticationProgramBCH(o: { lockingBytecode: Uint8Array; unlockingBytecode: Uint8Array; valueSatoshis: bigint }): unknown;
}

/** Measures the peer and bsml on `w`; null when libauth is not installed. */
export async function peerBench(
  w: Workload,
  opcodes: number,
  timeIt: (minSeconds: number, body: () => number) => { seconds: number; cpu_seconds: number; count: number },
  minSeconds: number,
  log: (line: string) => void,
): Promise<{ name: string; script_opcodes: number; runs: BenchRun[]; note: string } | null> {
  let L: Libauth;
  try {
    L = (await import('@bitauth/libauth' as string)) as unknown as Libauth;
  } catch {
    log('peer: @bitauth/libauth is not installed (npm i -D); skipped');
    return null;
  }
  const vm = L.createVirtualMachineBCH2023();
  const programs = w.stacks.map((s) =>
    L.createTestAuthenticationProgramBCH({
      lockingBytecode: w.script,
      unlockingBytecode: Uint8Array.from(s.flatMap((it) => [...pushData(it)])),
      valueSatoshis: 10_000n,
    }),
  );
  // Both must accept the script on every stack, with the same final stack.
  for (let k = 0; k < programs.length; k++) {
    const st = vm.evaluate(programs[k]);
    const ours = evaluateTs(w.script, w.stacks[k]!, w.options);
    const same = st.stack.length === ours.stack.length && st.stack.every((b, j) => b.length === ours.stack[j]!.length && b.every((x, q) => x === ours.stack[j]![q]));
    if (st.error !== undefined || !ours.success || !same) throw new Error(`peer: libauth and bsml disagree on stack ${k} (${st.error ?? 'ok'} vs ${ours.error})`);
  }
  const runs: BenchRun[] = [];
  const rec = (r: Omit<BenchRun, 'evals_per_s' | 'lane_ops_per_s' | 'evals_per_cpu_s'>) => {
    const evals = r.lanes / r.seconds;
    runs.push({ ...r, evals_per_s: evals, lane_ops_per_s: evals * opcodes, evals_per_cpu_s: r.lanes / r.cpu_seconds });
    log(`peer ${r.engine}${r.isa ? ` ${r.isa}` : ''}: ${Math.round(evals).toLocaleString('en-US')} evals/s`);
  };
  let i = 0;
  const la = timeIt(minSeconds, () => {
    vm.evaluate(programs[i++ % programs.length]);
    return 1;
  });
  rec({ engine: 'libauth', lanes: la.count, seconds: la.seconds, cpu_seconds: la.cpu_seconds });
  i = 0;
  const ts = timeIt(minSeconds, () => {
    evaluateTs(w.script, w.stacks[i++ % w.stacks.length]!, w.options);
    return 1;
  });
  rec({ engine: 'ts', lanes: ts.count, seconds: ts.seconds, cpu_seconds: ts.cpu_seconds });
  const native = loadNative();
  if (native) {
    i = 0;
    const nt = timeIt(minSeconds, () => {
      native.evaluate(w.script, w.stacks[i++ % w.stacks.length]!, w.options);
      return 1;
    });
    rec({ engine: 'native', lanes: nt.count, seconds: nt.seconds, cpu_seconds: nt.cpu_seconds });
  }
  const binding = loadBatchBinding();
  if (binding) {
    const lanes = 16_384;
    const stacks = Array.from({ length: lanes }, (_, l) => w.stacks[l % w.stacks.length]!);
    const isa = binding.isas().best;
    const bt = timeIt(minSeconds, () => evaluateBatchSync(w.script, stacks, { ...w.options, isa, threads: 1, engine: 'batch' }).lanes);
    rec({ engine: 'batch', isa, threads: 1, lanes: bt.count, seconds: bt.seconds, cpu_seconds: bt.cpu_seconds });
  }
  return {
    name: 'libauth 3.0.0 BCH 2023 VM',
    script_opcodes: opcodes,
    runs,
    note: 'libauth evaluates the whole authentication program (unlocking pushes + locking script); the batch row takes byte-string stacks.',
  };
}

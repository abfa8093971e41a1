/**
 * The pipeline, stage by stage: quantize -> prove ranges -> lower -> codegen -> verify the
 * emitted script's opcodes -> cost. Each stage is a pure function of the previous stage's value.
 */
import type { Model } from '../models/model.js';
import { isTruncated, readInstruction } from '../script/script.js';
import { COMPILE_DEFAULTS } from './compile-defaults.js';
import { codegen, type CodegenResult, type StrategyChoice } from './codegen.js';
import { costReport, type CostReport } from './cost.js';
import { dialectByName, type Dialect } from './dialect.js';
import { CompileOptionsError, RangeProofError } from './errors.js';
import { WEIGHT_SCHEMES, type IntModel, type WeightScheme } from './intmodel.js';
import { lower, parseOutputMode, type OutputMode, type Program, type RescaleMode } from './program.js';
import { activationMaxima, autoFracBits, blocks, quantize } from './quantize.js';
import { proveRanges, type ProveOptions, type RangeProof } from './range.js';
import { compileWarnings, inputWarnings, spendWarnings, type CompileWarning } from './warnings.js';
import { outputSize } from '../models/validate.js';

/** Options of `compileModel` (the CLI flags of `bsml compile`). */
export interface CompileOptions {
  target?: string;
  weights?: WeightScheme;
  /** Fractional bits of every activation tensor; 'auto' (default) picks them per tensor. */
  fracBits?: number | 'auto';
  rescale?: RescaleMode;
  /** `assert-output` (default), `assert-class:K` or `leave`. */
  output?: string;
  /** Input rows for automatic fractional bits (observed maxima instead of declared ranges). */
  calibration?: readonly (readonly number[])[];
  /** Multiplication strategy; default 'best' (try both per neuron, keep the smaller). */
  strategy?: StrategyChoice;
  /** Fee rate for the cost report, sat/vB (default 2). */
  feerate?: number;
  /** Keep the operand interval of every numeric opcode in `code.checks` (tests). */
  recordChecks?: boolean;
  /**
   * Compile the plain way, without the shortcuts that only save time (tests: the result must be
   * the same): the range proof measures every neuron in turn with a full emitter and reuses
   * nothing between `--frac-bits auto` attempts; codegen emits every candidate strategy.
   */
  plain?: boolean;
}

/** The resolved options recorded in program.json. */
export interface ResolvedOptions {
  target: string;
  weights: WeightScheme;
  fracBits: number[];
  fracBitsMode: 'auto' | 'fixed';
  calibrated: boolean;
  rescale: RescaleMode;
  output: OutputMode;
  strategy: StrategyChoice;
}

/** Everything a compile produces. */
export interface Compiled {
  options: ResolvedOptions;
  dialect: Dialect;
  model: Model;
  intModel: IntModel;
  proof: RangeProof;
  program: Program;
  code: CodegenResult;
  report: CostReport;
  /** What deserves a look in this result (empty when nothing does): see {@link CompileWarning}. */
  warnings: CompileWarning[];
}

/** Throws unless every instruction of `script` is a push or an opcode the dialect allows. */
export function assertScriptOpcodes(script: Uint8Array, dialect: Dialect): void {
  for (let pc = 0; pc < script.length; ) {
    const ins = readInstruction(script, pc);
    if (isTruncated(ins)) throw new Error(`internal: emitted script has a truncated push at ${ins.pos}`);
    pc = ins.end;
    if (ins.opcode <= 0x4e) continue;
    if (!dialect.opcodes.has(ins.opcode)) throw new Error(`internal: emitted script has opcode 0x${ins.opcode.toString(16)} at ${ins.pos}, not allowed in ${dialect.name}`);
  }
}

/**
 * Quantizes with automatic or fixed fractional bits, lowering them until the range proof holds
 * for the code `rescale` mode emits (absent: for either mode). The attempts share the neurons'
 * measured bounds (see ProveOptions; `reference`: they do not).
 */
export function quantizeAndProve(
  model: Model,
  scheme: WeightScheme,
  fracBits: number | 'auto',
  dialect: Dialect,
  calibration?: readonly (readonly number[])[],
  rescale?: RescaleMode,
  reference = false,
): { intModel: IntModel; proof: RangeProof; fracBits: number[]; chosenInputFrac?: number } {
  const n = blocks(model).length;
  const prove: ProveOptions = reference ? { reference } : { peaks: new Map() };
  if (fracBits !== 'auto') {
    const fb = new Array<number>(n).fill(fracBits);
    const intModel = quantize(model, scheme, fb);
    return { intModel, proof: proveRanges(intModel, dialect.maxOperand, rescale, prove), fracBits: fb };
  }
  // Inputs: a magnitude budget from the declared range (or the calibration data). Hidden layers:
  // full precision (no rescale) unless the range proof fails, then one bit less at a time.
  const chosenInputFrac = autoFracBits(activationMaxima(model, calibration))[0]!;
  const fb: (number | null)[] = [chosenInputFrac, ...new Array<null>(n - 1).fill(null)];
  for (let attempt = 0; ; attempt++) {
    const intModel = quantize(model, scheme, fb);
    try {
      const proof = proveRanges(intModel, dialect.maxOperand, rescale, prove);
      return { intModel, proof, fracBits: [intModel.inputFrac, ...intModel.layers.slice(0, -1).map((l) => l.fracOut)], chosenInputFrac };
    } catch (e) {
      if (!(e instanceof RangeProofError) || attempt > 200) throw e;
      const k = e.layer;
      const cur = k === 0 ? intModel.inputFrac : intModel.layers[k - 1]!.fracOut;
      if (cur <= -100) throw e;
      fb[k] = cur - 1;
    }
  }
}

/**
 * Compiles a float model. The result's `warnings` name what compiled but deserves a look (a weight
 * scheme that zeroed most of a layer, inputs quantized to too few values, a spend nodes will not
 * relay or that can never be valid). Throws typed errors (CompileOptionsError, RangeProofError, StackLimitError).
 */
export function compileModel(model: Model, options: CompileOptions = {}): Compiled {
  const dialect = dialectByName(options.target ?? COMPILE_DEFAULTS.target);
  const weights = options.weights ?? COMPILE_DEFAULTS.weights;
  if (!WEIGHT_SCHEMES.includes(weights)) throw new CompileOptionsError(`unknown weight scheme ${JSON.stringify(weights)} (expected ${WEIGHT_SCHEMES.join(', ')})`);
  const rescale = options.rescale ?? COMPILE_DEFAULTS.rescale;
  if (rescale !== 'hint' && rescale !== 'pure') throw new CompileOptionsError(`unknown rescale mode ${JSON.stringify(rescale)} (expected hint or pure)`);
  const output = parseOutputMode(options.output ?? COMPILE_DEFAULTS.output, outputSize(model));
  const fracBits = options.fracBits ?? COMPILE_DEFAULTS.fracBits;
  if (fracBits !== 'auto' && (!Number.isInteger(fracBits) || Math.abs(fracBits) > 40)) {
    throw new CompileOptionsError(`--frac-bits: expected an integer in -40..40 or auto, got ${fracBits}`);
  }
  const strategy = options.strategy ?? 'best';
  const q = quantizeAndProve(model, weights, fracBits, dialect, options.calibration, rescale, options.plain);
  const program = lower(q.intModel, q.proof, rescale, output);
  const code = codegen(program, dialect, strategy, options.recordChecks, options.plain);
  assertScriptOpcodes(code.script, dialect);
  const report = costReport(code.script, program, q.intModel, dialect, code.peakStackItems, options.feerate);
  return {
    options: {
      target: dialect.name,
      weights,
      fracBits: q.fracBits,
      fracBitsMode: fracBits === 'auto' ? 'auto' : 'fixed',
      calibrated: !!options.calibration?.length,
      rescale,
      output,
      strategy,
    },
    dialect,
    model,
    intModel: q.intModel,
    proof: q.proof,
    program,
    code,
    report,
    warnings: [...compileWarnings(model, q.intModel, weights), ...inputWarnings(model, q.intModel, q.chosenInputFrac), ...spendWarnings(report, output, outputSize(model))],
  };
}

/**
 * The compiled artifact on disk (OUT_DIR): script.hex, script.asm, program.json (everything needed
 * to rebuild witnesses and re-run: float and quantized model, scales, witness layout, options),
 * report.json. Written atomically: into a temporary sibling directory, then renamed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReplaceableDir, writeDirAtomic } from '../io/write-dir.js';
import type { Model } from '../models/model.js';
import { validateModel } from '../models/validate.js';
import { toAsm } from '../script/asm.js';
import { fromHex, toHex } from '../script/bytes.js';
import type { SourceMapEntry, Strategy } from './codegen.js';
import type { Compiled } from './compile.js';
import type { CompileWarning } from './warnings.js';
import type { CostReport } from './cost.js';
import { ArtifactError } from './errors.js';
import type { IntModel, WeightScheme } from './intmodel.js';
import { outputModeName, type OutputMode, type RescaleMode, type WitnessItem } from './program.js';

/** program.json. */
export interface ProgramFile {
  format: 'bsml-program';
  version: 1;
  target: string;
  options: {
    weights: WeightScheme;
    /** Fractional bits of the input and of each hidden layer's output. */
    fracBits: number[];
    fracBitsMode: 'auto' | 'fixed';
    calibrated: boolean;
    rescale: RescaleMode;
    output: string;
    strategy: string;
  };
  /** How to run the script with the engine API. */
  evaluation: { sigVersion: 'tapscript'; flags: number };
  outputMode: OutputMode;
  /** The float model (for float accuracy). */
  model: Model;
  /** The quantized model: the integer reference. */
  quantized: IntModel;
  /** Witness items, bottom first. */
  witness: WitnessItem[];
  scriptHex: string;
  sourceMap: SourceMapEntry[];
}

/** report.json. */
export interface ReportFile extends CostReport {
  target: string;
  weights: WeightScheme;
  rescale: RescaleMode;
  output: string;
  fracBits: number[];
  strategies: Record<Strategy, number>;
  /** The compile's warnings (empty when none): see CompileWarning. */
  warnings: CompileWarning[];
  /** With --compare: one row per weight scheme x rescale mode. */
  compare?: CompareRow[];
}

/** One row of a --compare table. */
export interface CompareRow {
  weights: WeightScheme;
  rescale: RescaleMode;
  fracBits?: number[];
  scriptBytes?: number;
  bytesPerWeight?: number;
  nonzeroWeights?: number;
  witnessBytesMax?: number;
  peakStackItems?: number;
  vbytes?: number;
  fee?: number;
  /** Set when this combination does not compile. */
  error?: string;
}

/** The program.json of a compile. */
export function programFile(c: Compiled): ProgramFile {
  return {
    format: 'bsml-program',
    version: 1,
    target: c.options.target,
    options: { ...c.options, output: outputModeName(c.options.output) },
    evaluation: c.dialect.evaluation,
    outputMode: c.options.output,
    model: c.model,
    quantized: c.intModel,
    witness: c.program.witness.map((w) => w.item),
    scriptHex: toHex(c.code.script),
    sourceMap: c.code.sourceMap,
  };
}

/** The report.json of a compile. */
export function reportFile(c: Compiled, compare?: CompareRow[]): ReportFile {
  const r: ReportFile = {
    target: c.options.target,
    weights: c.options.weights,
    rescale: c.options.rescale,
    output: outputModeName(c.options.output),
    fracBits: c.options.fracBits,
    ...c.report,
    strategies: c.code.strategies,
    warnings: c.warnings,
  };
  if (compare) r.compare = compare;
  return r;
}

/** The files `bsml compile -o` writes into OUT_DIR. */
export const OUT_DIR_FILES: readonly string[] = ['script.hex', 'script.asm', 'program.json', 'report.json'];

/** True for a file name compile writes (an existing OUT_DIR holding only these may be replaced). */
export function isOutDirFile(name: string): boolean {
  return OUT_DIR_FILES.includes(name);
}

/**
 * Throws unless {@link writeOutDir} may write `dir`: it is missing, or a directory holding only
 * files an earlier compile wrote. Lets the CLI refuse before compiling.
 * @throws {@link OutputDirError}
 */
export function checkOutDir(dir: string): void {
  checkReplaceableDir(dir, isOutDirFile);
}

/**
 * Writes OUT_DIR atomically: a failed write leaves no partial directory; an existing OUT_DIR is
 * replaced only when it holds nothing but an earlier compile's files, so a directory with anything
 * else in it (`-o .` in a project folder, say) is refused and nothing is lost.
 * @throws {@link OutputDirError} naming the directory and the reason.
 */
export function writeOutDir(dir: string, c: Compiled, compare?: CompareRow[]): void {
  writeDirAtomic(
    dir,
    {
      'script.hex': toHex(c.code.script) + '\n',
      'script.asm': toAsm(c.code.script) + '\n',
      'program.json': JSON.stringify(programFile(c)) + '\n',
      'report.json': JSON.stringify(reportFile(c, compare), null, 2) + '\n',
    },
    isOutDirFile,
  );
}

/** A loaded OUT_DIR. */
export interface LoadedProgram {
  file: ProgramFile;
  script: Uint8Array;
}

/** Reads OUT_DIR/program.json; ArtifactError when missing or malformed. */
export function readOutDir(dir: string): LoadedProgram {
  const path = join(dir, 'program.json');
  let json: ProgramFile;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as ProgramFile;
  } catch (e) {
    throw new ArtifactError(`${path}: cannot read a compiled program (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run 'bsml compile MODEL.json -o ${dir}' first`);
  }
  if (json?.format !== 'bsml-program' || json.version !== 1) throw new ArtifactError(`${path}: not a bsml-program version 1 file`);
  if (!Array.isArray(json.witness) || !json.quantized || typeof json.scriptHex !== 'string') throw new ArtifactError(`${path}: missing witness layout, quantized model or script`);
  try {
    json.model = validateModel(json.model);
    return { file: json, script: fromHex(json.scriptHex) };
  } catch (e) {
    throw new ArtifactError(`${path}: ${(e as Error).message}`);
  }
}

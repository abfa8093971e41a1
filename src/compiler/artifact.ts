/**
 * The compiled artifact on disk (OUT_DIR): script.hex, script.asm, program.json (everything needed
 * to rebuild witnesses and re-run: float and quantized model, scales, witness layout, options),
 * report.json. Written atomically: into a temporary sibling directory, then renamed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkReplaceableDir, writeDirAtomic } from '../io/write-dir.js';
import { withoutBom } from '../io/text.js';
import type { Model } from '../models/model.js';
import { toAsm } from '../script/asm.js';
import { fromHex, toHex } from '../script/bytes.js';
import type { SourceMapEntry, Strategy } from './codegen.js';
import type { Compiled } from './compile.js';
import type { CompileWarning } from './warnings.js';
import type { CostReport } from './cost.js';
import { ArtifactError } from './errors.js';
import { validateProgramFile } from './program-file.js';
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

/** True for a file name compile writes (an existing OUT_DIR holding only these, as compile wrote them, may be replaced). */
export function isOutDirFile(name: string): boolean {
  return OUT_DIR_FILES.includes(name);
}

/**
 * Throws unless {@link writeOutDir} may write `dir`: it is missing, or a directory holding only
 * files an earlier compile wrote, unchanged (see {@link checkReplaceableDir}). Lets the CLI refuse
 * before compiling.
 * @throws {@link OutputDirError}
 */
export function checkOutDir(dir: string): void {
  checkReplaceableDir(dir, isOutDirFile, compileWroteBefore);
}

/**
 * Writes OUT_DIR atomically, with its record of the files (see {@link checkReplaceableDir}): a
 * failed write leaves no partial directory; an existing OUT_DIR is replaced only when it holds
 * nothing but an earlier compile's files, unchanged, so a directory with anything else in it (`-o .`
 * in a project folder, say, or a `program.json` of the user's) is refused and nothing is lost.
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
    compileWroteBefore,
  );
}

/**
 * True for a file that a compile from before the output record (see {@link checkReplaceableDir})
 * wrote: program.json a valid compiled program (every field checked, as on load), report.json a compile report (target, weights, rescale,
 * output), script.hex one line of hex, script.asm one line of opcode names and hex pushes; so re-running compile
 * into an older bsml's OUT_DIR still works, while a file of the user's with one of these names
 * (anything else in it) is refused.
 */
function compileWroteBefore(name: string, content: Buffer): boolean {
  const text = content.toString('utf8');
  if (name === 'script.hex') return /^(?:[0-9a-f]{2})*\n$/.test(text);
  if (name === 'script.asm') return /^(?:OP_[A-Z0-9_]+|[0-9a-f]+)(?: (?:OP_[A-Z0-9_]+|[0-9a-f]+))*\n$/.test(text);
  try {
    const j = JSON.parse(text) as Record<string, unknown> | null;
    if (typeof j !== 'object' || j === null) return false;
    if (name === 'program.json') return validateProgramFile(j) !== undefined;
    if (name === 'report.json') return typeof j.target === 'string' && typeof j.weights === 'string' && typeof j.output === 'string' && 'rescale' in j;
  } catch {
    return false;
  }
  return false;
}

/** A loaded OUT_DIR. */
export interface LoadedProgram {
  file: ProgramFile;
  script: Uint8Array;
}

/**
 * Reads OUT_DIR/program.json and checks every field before anything uses it
 * ({@link validateProgramFile}); when OUT_DIR/script.hex is there too (compile writes both), it must
 * hold the same script as program.json's `scriptHex`: eval runs the one, debug, taproot and spend
 * the other, so a directory where they differ is refused rather than answered two ways.
 * @throws {@link ArtifactError} naming the file and the field: missing, not JSON, malformed, or the
 * two scripts differ.
 */
export function readOutDir(dir: string): LoadedProgram {
  const path = join(dir, 'program.json');
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(readFileSync(path, 'utf8')));
  } catch (e) {
    throw new ArtifactError(`${path}: cannot read a compiled program (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); run 'bsml compile MODEL.json -o ${dir}' first`);
  }
  let file: ProgramFile;
  try {
    file = validateProgramFile(json);
  } catch (e) {
    if (e instanceof ArtifactError) throw new ArtifactError(`${path}: ${e.message}`, e.field);
    throw e;
  }
  const hexPath = join(dir, 'script.hex');
  if (existsSync(hexPath)) {
    let text: string;
    try {
      text = readFileSync(hexPath, 'utf8');
    } catch (e) {
      throw new ArtifactError(`cannot read ${hexPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const hex = text.replace(/\s+/g, '').toLowerCase();
    const ours = file.scriptHex.toLowerCase();
    if (hex !== ours) {
      let at = 0;
      while (at < hex.length && hex[at] === ours[at]) at++;
      throw new ArtifactError(
        `${path}: scriptHex (${ours.length / 2} bytes) is not the script in ${hexPath} (${hex.length / 2} bytes; they differ from byte ${Math.floor(at / 2)}); recompile, or restore the file that was edited`,
        'scriptHex',
      );
    }
  }
  return { file, script: fromHex(file.scriptHex) };
}

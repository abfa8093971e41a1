/** Reading the leaf script of a compiled program's output directory (OUT_DIR/script.hex). */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromHex } from '../script/bytes.js';
import { BsmlError } from '../errors.js';
import { readOutDir } from '../compiler/artifact.js';

/** An OUT_DIR without a readable, valid script.hex. */
export class OutDirError extends BsmlError {
  readonly code = 'BAD_OUT_DIR';
  override readonly name = 'OutDirError';
}

/**
 * The tapscript leaf of a compiled program: OUT_DIR/script.hex, hex (whitespace ignored). When
 * OUT_DIR holds a program.json too, it is loaded as `bsml eval` and `bsml witness` load it
 * ({@link readOutDir}: every field checked, and its script must be this one), so no command answers
 * for a directory another refuses.
 * @throws {@link OutDirError} for script.hex; ArtifactError for program.json.
 */
export function readLeafScript(outDir: string): Uint8Array {
  const file = join(outDir, 'script.hex');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new OutDirError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const hex = text.replace(/\s+/g, '');
  if (hex.length === 0) throw new OutDirError(`${file} is empty`);
  let script: Uint8Array;
  try {
    script = fromHex(hex);
  } catch (e) {
    throw new OutDirError(`${file}: ${(e as Error).message}`);
  }
  if (existsSync(join(outDir, 'program.json'))) readOutDir(outDir);
  return script;
}

/** Writing one generated file at once: readers see the old file or the new one, never a part. */
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BsmlError } from '../errors.js';
import { parentProblem } from './output-path.js';

/** A file that cannot be (re)written: something else is there, or the file system refused. */
export class OutputFileError extends BsmlError {
  readonly code = 'BAD_OUTPUT_FILE';
  override readonly name = 'OutputFileError';
}

/** What may be replaced at an output path, and how to name it in messages. */
export interface ReplaceableFile {
  /** True for the contents of a file an earlier run wrote (the only kind replaced). */
  mayReplace(content: Uint8Array): boolean;
  /** The kind of file, after "is not" (`a bsml model file`). */
  kind: string;
  /** The path as a usage placeholder (`MODEL.json`). */
  placeholder: string;
}

// A file larger than this is not read to decide: it is no file this library writes.
const MAX_CHECKED_BYTES = 256 * 1024 * 1024;

/**
 * Checks that {@link writeFileAtomic} may write `path`: nothing is there, or a regular file that
 * `file.mayReplace` accepts. Lets a command fail before its work rather than after.
 * @throws {@link OutputFileError} naming the path and what is there.
 */
export function checkReplaceableFile(path: string, file: ReplaceableFile): void {
  const parent = parentProblem(path);
  if (parent) throw new OutputFileError(`${path}: ${parent}`);
  let content: Uint8Array;
  try {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) throw new OutputFileError(`${path}: exists and is a directory; give a file path (${file.placeholder})`);
    if (!st.isFile() || st.size > MAX_CHECKED_BYTES) throw new OutputFileError(`${path}: exists and is not ${file.kind}; give a new path or remove it`);
    content = readFileSync(path);
  } catch (e) {
    if (e instanceof OutputFileError) throw e;
    throw new OutputFileError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!file.mayReplace(content)) throw new OutputFileError(`${path}: exists and is not ${file.kind}; give a new path or remove it`);
}

/**
 * Writes `data` to `path` through a temporary sibling file renamed into place (atomic on POSIX
 * file systems), making missing parent directories. An existing file is replaced only when
 * `file.mayReplace` accepts it (a file an earlier run wrote); anything else there is refused and
 * left as it was.
 * @throws {@link OutputFileError} naming the path and the reason.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array, file: ReplaceableFile): void {
  checkReplaceableFile(path, file);
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was made there.
    }
    throw new OutputFileError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

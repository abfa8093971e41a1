/** Writing a directory of generated files all at once: readers see the old set or the new one, never a mix. */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BsmlError } from '../errors.js';
import { parentProblem } from './output-path.js';

/** A directory that cannot be (re)written: it holds other files, is not a directory, or the file system refused. */
export class OutputDirError extends BsmlError {
  readonly code = 'BAD_OUTPUT_DIR';
  override readonly name = 'OutputDirError';
}

/**
 * Checks that {@link writeDirAtomic} may write `dir`: it is missing, or a directory holding only
 * entries `mayReplace` accepts. Lets a command fail before its work rather than after.
 * @throws {@link OutputDirError}
 */
export function checkReplaceableDir(dir: string, mayReplace: (name: string) => boolean): void {
  // `-` names stdout on the command line, where a directory cannot go.
  if (dir === '-') throw new OutputDirError('-: this command writes a directory, not stdout; give a directory path');
  const parent = parentProblem(dir);
  if (parent) throw new OutputDirError(`${dir}: ${parent}`);
  const target = resolve(dir);
  if (!existsSync(target)) return;
  let entries: string[];
  try {
    if (!statSync(target).isDirectory()) throw new OutputDirError(`${dir}: exists and is not a directory`);
    entries = readdirSync(target);
  } catch (e) {
    if (e instanceof OutputDirError) throw e;
    throw new OutputDirError(`${dir}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const foreign = entries.filter((n) => !mayReplace(n));
  if (foreign.length) {
    const shown = foreign.slice(0, 3).map((n) => JSON.stringify(n)).join(', ') + (foreign.length > 3 ? `, and ${foreign.length - 3} more` : '');
    throw new OutputDirError(`${dir}: holds files this command did not write (${shown}); give a new or empty directory`);
  }
}

/**
 * Writes `files` (name -> content) as the directory `dir`: into a fresh sibling directory first,
 * then renamed into place (atomic on POSIX file systems). An existing `dir` is replaced only when
 * every entry in it is one `mayReplace` accepts (files an earlier run wrote); anything else in it
 * makes this refuse, so a user's own files are never removed.
 * @throws {@link OutputDirError} naming the directory and the reason.
 */
export function writeDirAtomic(dir: string, files: Record<string, string | Uint8Array>, mayReplace: (name: string) => boolean): void {
  checkReplaceableDir(dir, mayReplace);
  const target = resolve(dir);
  const parent = dirname(target);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(tmp);
    for (const [name, data] of Object.entries(files)) writeFileSync(join(tmp, name), data);
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // Nothing was made there.
    }
    throw new OutputDirError(`${dir}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

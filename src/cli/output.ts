/** Writing output files: atomically, so a failed command never leaves a half-written file. */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './usage.js';

/**
 * Writes `data` to `path` through a temporary sibling file renamed into place (atomic on POSIX
 * file systems): readers see the old file or the new one, never a part.
 * @throws {@link UsageError} naming the file when it cannot be written.
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

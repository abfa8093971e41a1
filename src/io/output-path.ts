/** Checks on an output path's parents, shared by the file and directory writers. */
import { statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Why `path` cannot be created because of its parents, or undefined when it can as far as a look
 * tells: the nearest existing parent must be a directory (`out/script.hex/x` under a file
 * `out/script.hex` cannot be). Parents are named as the path gives them, so messages show the
 * user's own spelling.
 */
export function parentProblem(path: string): string | undefined {
  for (let p = dirname(path); ; p = dirname(p)) {
    let st;
    try {
      st = statSync(p, { throwIfNoEntry: false });
    } catch (e) {
      // ENOTDIR: a parent further up is a file; look there. Anything else is the write's to report.
      if ((e as NodeJS.ErrnoException).code !== 'ENOTDIR') return undefined;
    }
    if (st) return st.isDirectory() ? undefined : `${p} is a file, not a directory`;
    if (dirname(p) === p) return undefined;
  }
}

/** Shared CLI plumbing: usage errors (exit 2); argument parsing is in command-spec.ts. */
import { BsmlError } from '../errors.js';

/** Bad usage or bad input: printed as one line on stderr, exit code 2. */
export class UsageError extends BsmlError {
  readonly code = 'USAGE';
  override readonly name = 'UsageError';
}

/**
 * Refuses `-` (stdout) as the output of a command that writes a directory, naming how it was given
 * (`-o -`, `--out -`, or `-` for a positional), the command and its files, and what to do instead.
 */
export function refuseStdoutDir(out: string | undefined, given: string, command: string, files: readonly string[]): void {
  if (out === '-') throw new UsageError(`${given}: ${command} writes a directory (${files.join(', ')}), not stdout; give a directory (--json prints the report on stdout)`);
}

/**
 * True for an error that is bad input rather than a bug: a {@link BsmlError} (bsml's typed input
 * errors), or an operating-system error from Node (a file operation the system refused: it has a
 * string `code` such as `'EACCES'` and the `syscall` that failed). Node's own `ERR_*` errors and
 * untyped errors are bugs, and are left to surface as such.
 */
export function isInputError(e: unknown): e is Error & { code: string } {
  if (e instanceof BsmlError) return true;
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).syscall === 'string';
}

/** Runs `f`, turning an input error ({@link isInputError}) into a UsageError with the same message. */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (isInputError(e)) throw new UsageError(e.message);
    throw e;
  }
}

/** {@link asUsage} for async work. */
export async function asUsageAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (isInputError(e)) throw new UsageError(e.message);
    throw e;
  }
}

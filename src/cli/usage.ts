/** Shared CLI plumbing: usage errors (exit 2) and argument parsing. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { BsmlError } from '../errors.js';

/** Bad usage or bad input: printed as one line on stderr, exit code 2. */
export class UsageError extends BsmlError {
  readonly code = 'USAGE';
  override readonly name = 'UsageError';
}

/** node:util parseArgs with its errors turned into UsageError. */
export function parseCli<T extends NonNullable<ParseArgsConfig['options']>>(
  argv: string[],
  options: T,
): ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Runs `f`, turning any error that carries a `code` (typed input errors) into a UsageError. */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string') throw new UsageError(e.message);
    throw e;
  }
}

/** {@link asUsage} for async work. */
export async function asUsageAsync<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof Error && 'code' in e && typeof (e as { code: unknown }).code === 'string') throw new UsageError(e.message);
    throw e;
  }
}

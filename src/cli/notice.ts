/** The engine fallback notice in the CLI: shown after a command that ran, never beside an error. */
import { redirectEngineNotice } from '../engine/notice.js';

/**
 * Runs a command holding back engine 'auto''s one-line "native engine unavailable" notice: it is
 * written to stderr when the command has finished (exit 0, or 1 for a failed check) and dropped
 * when the command fails with an error (thrown, or exit 2), so that stderr then holds only the
 * error's one line.
 */
export async function withEngineNotice(run: () => Promise<number> | number): Promise<number> {
  const held: string[] = [];
  const previous = redirectEngineNotice((line) => held.push(line));
  try {
    const code = await run();
    if (code !== 2) for (const line of held) process.stderr.write(line + '\n');
    return code;
  } finally {
    redirectEngineNotice(previous);
  }
}

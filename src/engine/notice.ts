/**
 * Where engine 'auto''s one-line "native engine unavailable" notice goes: stderr by default, or a
 * writer the CLI installs to hold it back. No imports, so the CLI can take it without loading an
 * engine.
 */

/** Receives the notice (one line, without its newline). */
export type EngineNoticeWriter = (line: string) => void;

const toStderr: EngineNoticeWriter = (line) => {
  process.stderr.write(line + '\n');
};
let writer: EngineNoticeWriter = toStderr;
let shown = false;

/**
 * Sends the notice to `to` instead of stderr (no argument: back to stderr) and returns the writer
 * it replaces. Redirecting starts over: the new writer gets the notice (at most once) even if an
 * earlier one had it.
 */
export function redirectEngineNotice(to: EngineNoticeWriter = toStderr): EngineNoticeWriter {
  const previous = writer;
  writer = to;
  shown = false;
  return previous;
}

/** Gives the current writer the notice (built by `line` only then), unless it already had it. */
export function engineNotice(line: () => string): void {
  if (shown) return;
  shown = true;
  writer(line());
}

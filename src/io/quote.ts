/**
 * Text from input files (an ONNX node's name or op type, a model's name, a CSV field) put into a
 * message or printed: its control characters (C0, DEL and C1: escape sequences, carriage returns,
 * backspaces) written as escapes, so printing it cannot move the cursor, recolour or clear the
 * terminal, or forge a line of output.
 */

/** Control characters: C0 (U+0000..U+001F), DEL (U+007F) and C1 (U+0080..U+009F). */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
/** The ones JSON.stringify leaves as they are. */
const DEL_C1 = /[\u007f-\u009f]/g;

const unicodeEscape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * `text` as a JSON string literal (`"act1"`, `"a\u001b[2J"`), DEL and C1 escaped too. With `max`,
 * a longer text is cut to its first `max` characters and `…` (a message stays one short line).
 */
export function quote(text: string, max?: number): string {
  return quoteJson(max !== undefined && text.length > max ? text.slice(0, max) + '…' : text);
}

/**
 * A value of any type read from a JSON file, as JSON (`"dense"`, `2`, `null`, `["a\u007f"]`), its
 * strings' control characters escaped as in {@link quote}; `undefined` as `undefined`.
 */
export function quoteJson(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  return json === undefined ? String(value) : json.replace(DEL_C1, unicodeEscape);
}

/** `text` with its control characters escaped as in {@link quote}, without the quotes: `Sigmoid`, `Op\u001b[31m`. */
export function printable(text: string): string {
  return text.replace(CONTROL, (c) => (c < '\u007f' ? JSON.stringify(c).slice(1, -1) : unicodeEscape(c)));
}

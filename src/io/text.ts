/** Text for people: reading files they write by hand or export from other tools, and counts. */

/**
 * `text` without a leading byte-order mark (U+FEFF), which editors on Windows and spreadsheet
 * exports put at the start of UTF-8 files: `JSON.parse` refuses it ("Unexpected token"), and in a
 * header it would become part of the first column's name.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** `n` and the noun, singular for 1: `1 row`, `5 rows`. */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

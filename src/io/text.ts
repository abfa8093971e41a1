/** Reading text files people write by hand or export from other tools. */

/**
 * `text` without a leading byte-order mark (U+FEFF), which editors on Windows and spreadsheet
 * exports put at the start of UTF-8 files: `JSON.parse` refuses it ("Unexpected token"), and in a
 * header it would become part of the first column's name.
 */
export function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The common base of bsml's typed errors. */

/**
 * The base of every error bsml throws for bad input or a refused request: a message, the
 * subclass's own `name` (`'AsmError'`, `'CsvError'`, …) and a stable, machine-readable `code`
 * (the tables in docs/errors.md). Catch it to handle any bsml error; `instanceof` a subclass
 * still tells them apart. A script that fails is not an error: it is a result.
 */
export abstract class BsmlError extends Error {
  /** Stable, machine-readable code of the error (`'BAD_HEX'`, `'CSV_VALUE'`, …). */
  abstract readonly code: string;
  /**
   * The subclass's name (`'AsmError'`, …). Each subclass declares it as a string field, so it
   * survives minification and is an own property after the subclass's own fields, as before.
   */
  abstract override readonly name: string;
}

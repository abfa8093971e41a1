/**
 * A vitest equality tester for byte arrays, for tests that compare many results holding stacks:
 * `expect.addEqualityTesters([bytesEquality])`. It answers as toEqual does on two Uint8Arrays
 * (equal when of the same class, e.g. not a Buffer against a Uint8Array, and holding the same
 * bytes) in one memory compare; toEqual itself walks a typed array element by element through its
 * generic deep equality, which took seconds on the 1000-item stacks of a property test.
 * Anything else is left to toEqual (undefined).
 */
export function bytesEquality(a: unknown, b: unknown): boolean | undefined {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array)) return undefined;
  return a.constructor === b.constructor && Buffer.compare(a, b) === 0;
}

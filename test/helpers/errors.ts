/** The error `f` throws (fails the test when it returns instead). */
export function thrown(f: () => unknown): Error & { code: string } {
  try {
    f();
  } catch (e) {
    return e as Error & { code: string };
  }
  throw new Error('expected an error');
}

/**
 * Numbers of a JSON text as written. `JSON.parse` keeps a number as a double, which holds about 17
 * significant digits: `0.000000010000000000001` comes back as `1.0000000000001e-8` and
 * `20999999.999999999` as `21000000`. A format whose numbers are exact decimals (Bitcoin Core's
 * UniValue keeps each number's literal text) needs the text itself.
 */

/** One token: a string (skipped whole, escapes included), a number, a punctuator, a word or space. */
const TOKEN = /"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*|[[\]{},:]|[a-z]+|\s+/y;

/**
 * The literal text of every number of `text` that only arrays hold (none inside an object), keyed
 * by its path of array indexes joined by `/`: in `[["a", 1.5], 2]`, `'0/1'` → `'1.5'` and `'1'` →
 * `'2'`. `text` must be valid JSON (parse it first): anything else gives an unspecified map.
 */
export function jsonNumberLiterals(text: string): Map<string, string> {
  const literals = new Map<string, string>();
  // The open containers, innermost last: an array's index of its current element, or -1 for an object.
  const open: number[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m !== null && m[0] !== ''; m = TOKEN.exec(text)) {
    const t = m[0];
    if (t === '[') open.push(0);
    else if (t === '{') open.push(-1);
    else if (t === ']' || t === '}') open.pop();
    else if (t === ',') {
      const k = open.length - 1;
      if (open[k]! >= 0) open[k] = open[k]! + 1;
    } else if (/^-?[0-9]/.test(t) && !open.includes(-1)) literals.set(open.join('/'), t);
  }
  return literals;
}

/** `bsml vectors FILE`: runs a Bitcoin Core script_tests.json file. */
import { readFileSync } from 'node:fs';
import { parseEngineName, selectEngine, verifyScriptMany } from '../engine/index.js';
import { printable } from '../io/quote.js';
import { jsonNumberLiterals } from '../io/json-numbers.js';
import { withoutBom } from '../io/text.js';
import { formatStackList } from '../script/stack-list.js';
import { readVectors, runVectors, type VectorOutcome } from '../vm/vectors.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { VECTORS_SPEC } from './spec/vectors.js';

export async function vectorsCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(VECTORS_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected one FILE argument');
  const file = positionals[0]!;
  const engine = asUsage(() => selectEngine(values.engine === undefined ? undefined : parseEngineName(values.engine)));
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let json: unknown;
  text = withoutBom(text);
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new UsageError(`${file} is not valid JSON: ${(e as Error).message}`);
  }
  // An entry that cannot be read fails (Core's driver reports it as a test error) and the others
  // still run (Core's driver stops at an entry its parsers throw on; bsml hides nothing behind it).
  // Amounts are read from their text, as Core reads them (a double may not hold it).
  const { cases, malformed } = asUsage(() => readVectors(json, jsonNumberLiterals(text)));
  const outcomes: VectorOutcome[] = runVectors(cases, (cs, checkers) =>
    verifyScriptMany(
      cs.map((c, i) => ({ scriptSig: c.scriptSig, scriptPubKey: c.scriptPubKey, witness: c.witness, flags: c.flags, checker: checkers[i] })),
      { engine: engine.name, stacks: false },
    ),
  );
  const count = (s: VectorOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  const passed = count('pass');
  const failed = count('fail') + malformed.length;
  const skipped = count('skip');
  if (values.json) {
    const unread = malformed.map((e) => ({ index: e.index, status: 'fail', reason: e.detail }));
    const detail = outcomes
      .filter((o) => o.status !== 'pass')
      .map((o) => ({
        index: o.case.index,
        status: o.status,
        comment: o.case.comment,
        scriptSig: o.case.scriptSigAsm,
        scriptPubKey: o.case.scriptPubKeyAsm,
        flags: o.case.flagsText,
        expected: o.case.expected,
        got: o.got,
        ...(o.reason ? { reason: o.reason } : {}),
      }));
    const all = [...detail, ...unread].sort((a, b) => a.index - b.index);
    process.stdout.write(JSON.stringify({ engine: engine.name, passed, failed, skipped, cases: all }) + '\n');
  } else {
    // In the file's order: each failed case, and each entry that could not be read.
    const lines: { index: number; text: string }[] = malformed.map((e) => ({ index: e.index, text: `FAIL #${e.index} (unreadable): ${e.detail}\n` }));
    for (const o of outcomes) {
      if (o.status === 'fail') {
        const c = o.case;
        lines.push({
          index: c.index,
          text:
            `FAIL #${c.index}${c.comment ? ` (${printable(c.comment)})` : ''}\n` +
            `  scriptSig:    ${printable(c.scriptSigAsm)}\n  scriptPubKey: ${printable(c.scriptPubKeyAsm)}\n` +
            (c.witness.length ? `  witness:      ${formatStackList(c.witness)}\n` : '') +
            `  flags:        ${printable(c.flagsText)}\n  expected ${c.expected}, got ${o.got}${o.gotSuccess ? ' (success)' : ''}\n`,
        });
      } else if (o.status === 'skip' && values.verbose) {
        lines.push({ index: o.case.index, text: `SKIP #${o.case.index}: ${o.reason}\n` });
      }
    }
    for (const l of lines.sort((a, b) => a.index - b.index)) process.stdout.write(l.text);
    if (skipped > 0 && !values.verbose) {
      const reasons = new Map<string, number>();
      for (const o of outcomes) if (o.status === 'skip') reasons.set(o.reason!, (reasons.get(o.reason!) ?? 0) + 1);
      for (const [r, n] of reasons) process.stdout.write(`skipped ${n}: ${r}\n`);
    }
    process.stdout.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
  return failed > 0 ? 1 : 0;
}

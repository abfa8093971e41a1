/** Reading the defaults `bsml <command> --help` shows, for the tests that check them against what the commands do. */
import { expect } from 'vitest';
import { optionLabel } from '../../src/cli/command-spec.js';
import { COMMANDS } from '../../src/cli/main.js';
import { runCli } from './cli.js';

/**
 * The text of `(default: …)` that `bsml <command> --help` prints for `--<option>` (whitespace
 * collapsed): found between the option's label and the next option's.
 */
export async function shownDefault(command: string, option: string): Promise<string> {
  const spec = COMMANDS.get(command)!.spec;
  const r = await runCli([command, '--help']);
  expect(r.code).toBe(0);
  const text = r.stdout.replace(/\s+/g, ' ');
  const names = Object.keys(spec.options);
  const i = names.indexOf(option);
  expect(i, `--${option} of ${command}`).toBeGreaterThanOrEqual(0);
  const from = text.indexOf(optionLabel(option, spec.options[option]!).trim());
  const next = names[i + 1];
  const to = next === undefined ? text.indexOf('--help', from) : text.indexOf(optionLabel(next, spec.options[next]!).trim(), from);
  const m = /\(default: ([^)]*)\)/.exec(text.slice(from, to));
  expect(m, `bsml ${command} --help shows a default for --${option}`).not.toBeNull();
  return m![1]!;
}

/** The leading number of a shown default (`30, unless --runs is given` → 30). */
export function leadingNumber(text: string): number {
  const m = /^(0x[0-9a-f]+|[0-9][0-9,]*(?:\.[0-9]+)?)/i.exec(text);
  expect(m, `a number at the start of ${JSON.stringify(text)}`).not.toBeNull();
  return Number(m![1]!.replaceAll(',', ''));
}

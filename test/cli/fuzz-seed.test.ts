/**
 * `bsml fuzz` with a negative seed, which a random campaign seed is half the time: `--jobs` hands
 * it to its shard processes as `--seed=S`, and the replay command printed with a counterexample
 * is written so that it replays (`--seed=S`, a value to any parser).
 */
import { parseArgs } from 'node:util';
import { describe, expect, it, vi } from 'vitest';
import { parseCommand } from '../../src/cli/command-spec.js';
import { replayCommand } from '../../src/cli/fuzz.js';
import { FUZZ_SPEC } from '../../src/cli/spec/fuzz.js';
import { runCli } from '../helpers/cli.js';

const shardArgs = vi.hoisted(() => [] as (readonly string[])[]);

// The real shard processes (node bin/bsml.js from dist/), with the arguments they were given recorded.
vi.mock('../../src/testing/jobs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/testing/jobs.js')>();
  return {
    ...real,
    runFuzzShards: (args: readonly string[], ...rest: unknown[]) => {
      shardArgs.push(args);
      return (real.runFuzzShards as (...a: unknown[]) => unknown)(args, ...rest);
    },
  };
});

describe('bsml fuzz with a negative seed', () => {
  it('--jobs 2 runs it (the shard processes get --seed=S) and merges to the one-process report', async () => {
    const one = await runCli(['fuzz', '--engines', 'ts,ts', '--seed', '-5', '--runs', '200', '--json']);
    const two = await runCli(['fuzz', '--engines', 'ts,ts', '--seed', '-5', '--runs', '200', '--jobs', '2', '--json']);
    expect(two.stderr).toBe('');
    expect(two.code).toBe(0);
    expect(one.code).toBe(0);
    const [a, b] = [JSON.parse(one.stdout), JSON.parse(two.stdout)];
    expect(b).toMatchObject({ seed: -5, jobs: 2, cases: 200, mismatches: 0 });
    expect(b.referenceErrors).toEqual(a.referenceErrors);
    expect(shardArgs.at(-1)).toContain('--seed=-5');
    expect(shardArgs.at(-1)).not.toContain('--seed');
  }, 120_000);

  it('the printed replay command replays: --seed=S, read back by bsml and by a plain parseArgs', () => {
    const line = replayCommand(['ts', 'native'], ['structured', 'spends'], -1127, '41:3:3');
    expect(line).toBe('bsml fuzz --engines ts,native --kinds structured,spends --seed=-1127 --path 41:3:3');
    const argv = line.split(' ').slice(2);
    expect(parseCommand(FUZZ_SPEC, argv).values).toMatchObject({ engines: 'ts,native', kinds: 'structured,spends', seed: '-1127', path: '41:3:3' });
    const options = Object.fromEntries(Object.entries(FUZZ_SPEC.options).map(([n, o]) => [n, { type: o.type }]));
    expect(parseArgs({ args: argv, options, strict: true }).values).toMatchObject({ seed: '-1127', path: '41:3:3' });
  });
});

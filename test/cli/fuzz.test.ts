import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, spawnCli, tempDir } from '../helpers/cli.js';

describe('bsml fuzz', () => {
  it('runs a ts,ts sanity campaign and ends with "N cases, M mismatches"', async () => {
    const r = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '300', '--seed', '12']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-1)).toBe('300 cases, 0 mismatches');
    expect(lines.at(-2)).toMatch(/^seed 12, [0-9.]+ s$/);
  });

  it('prints JSON with --json', async () => {
    const r = await runCli(['fuzz', '--engines', 'ts,ts', '--runs', '200', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ engines: ['ts', 'ts'], seed: 3, cases: 200, mismatches: 0, counterexamples: [] });
    expect(Object.values(j.referenceErrors as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(200);
  });

  it('stops after --seconds', async () => {
    const t = Date.now();
    expect((await runCli(['fuzz', '--engines', 'ts,ts', '--seconds', '0.5'])).code).toBe(0);
    expect(Date.now() - t).toBeLessThan(10_000);
  });

  it.each([
    [['--engines', 'ts,foo'], /unknown engine "foo" in --engines \(expected ts or native\)/],
    [['--engines', 'ts'], /exactly two engines/],
    [['--engines', 'auto,ts'], /"auto" is not allowed/],
    [[], /--engines is required/],
    [['--engines', 'ts,ts', '--seconds', '0'], /--seconds must be a positive number/],
    [['--engines', 'ts,ts', '--runs', '1.5'], /--runs must be a positive integer/],
    [['--engines', 'ts,ts', '--seed', 'x'], /--seed must be a 32-bit integer/],
    [['--engines', 'ts,ts', '--seed', '2147483648'], /--seed must be a 32-bit integer \(got "2147483648"\)/],
    [['--engines', 'ts,ts', '--seed', '1', '--path', '10000:2'], /--path must start with a case index below 10000 \(got "10000:2"\)/],
    [['--engines', 'ts,ts', '--path', '1:2'], /--path needs the --seed/],
    [['--engines', 'ts,ts', '--seed', '1', '--path', 'a'], /--path must look like/],
    [['--engines', 'ts,ts', '--kinds', 'weird'], /unknown kind "weird" in --kinds \(expected structured, bytes, limits, spends\)/],
    [['--engines', 'ts,ts', '--bogus'], /Unknown option/],
  ])('exits 2 with one line on stderr for %j', async (args, message) => {
    const r = await runCli(['fuzz', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
  });

  it('exits 2 with a clear line when the native engine is unavailable', async () => {
    // BSML_NATIVE_ADDON pointing at no file: the loader finds no addon, whether or not it is built here.
    const r = await spawnCli(['fuzz', '--engines', 'ts,native', '--runs', '10'], { BSML_NATIVE_ADDON: join(tempDir('no-addon'), 'bsml_addon.node') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^bsml fuzz: the native engine is not available: the addon is not built .+\n$/);
    expect(r.stdout).toBe('');
  });
});

import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

/**
 * Runs `bsml fuzz args`, sends SIGINT once `afterMs` have passed, and collects what it printed.
 * `afterMs` leaves the process (and its jobs) time to start and install the handler even on a
 * loaded machine: a signal before that ends the process by the signal, which these tests refuse.
 */
function interrupted(args: string[], afterMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'fuzz', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGINT'), afterMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('bsml fuzz and Ctrl-C (SIGINT)', () => {
  it('stops at the end of the running chunk and still prints the report, exit 130', async () => {
    const r = await interrupted(['--engines', 'ts,ts', '--seconds', '600', '--seed', '5'], 8000);
    expect(r.signal).toBe(null);
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('bsml fuzz: stopping after this chunk of cases, then the report (Ctrl-C again to quit now)\n');
    const lines = r.stdout.trim().split('\n');
    expect(lines.at(-2)).toMatch(/^seed 5, [0-9.]+ s, interrupted$/);
    // Whole chunks only: the cases run replay from the seed.
    const m = /^([0-9]+) cases, 0 mismatches$/.exec(lines.at(-1)!);
    expect(m).not.toBe(null);
    expect(Number(m![1]) % 10_000).toBe(0);
    expect(Number(m![1])).toBeGreaterThan(0);
  }, 120_000);

  it('under --json the report says interrupted', async () => {
    const r = await interrupted(['--engines', 'ts,ts', '--seconds', '600', '--seed', '6', '--json'], 8000);
    expect(r.code).toBe(130);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ engines: ['ts', 'ts'], seed: 6, mismatches: 0, interrupted: true });
    expect(j.cases % 10_000).toBe(0);
  }, 120_000);

  it('under --jobs the jobs stop, and their reports are merged', async () => {
    const r = await interrupted(['--engines', 'ts,ts', '--seconds', '600', '--seed', '7', '--jobs', '2', '--json'], 10000);
    expect(r.code).toBe(130);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ engines: ['ts', 'ts'], jobs: 2, seed: 7, mismatches: 0, interrupted: true });
    expect(j.cases % 10_000).toBe(0);
  }, 180_000);
});

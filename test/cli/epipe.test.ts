/**
 * `bsml ... | head`: when the reader of stdout goes away, the CLI ends quietly (exit 141, as a
 * program SIGPIPE ended; no stack trace), whatever the command was writing.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_READER_GONE } from '../../src/cli/main.js';
import { BIN, tempDir } from '../helpers/cli.js';

const ONNX = new URL('../fixtures/models/digits_mlp_64_32_10.onnx', import.meta.url).pathname;
const PUBLIC = new URL('../fixtures/script_tests.public.json', import.meta.url).pathname;

/**
 * Runs `node bin/bsml.js ...args` with its stdout pipe (or its stderr pipe) closed before it
 * writes: its exit code, and what it wrote on the other stream.
 */
function withPipeClosed(args: string[], closed: 'stdout' | 'stderr' = 'stdout'): Promise<{ code: number | null; signal: string | null; other: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    child[closed].destroy();
    let other = '';
    (closed === 'stdout' ? child.stderr : child.stdout).setEncoding('utf8').on('data', (s: string) => (other += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, other }));
  });
}

/**
 * Runs `node bin/bsml.js ...args` as `bsml ... | head -c 1` does: the reader takes the first chunk
 * of stdout and goes away while bsml is still writing. Its exit code and stderr, and the bytes read.
 */
function readerLeavesEarly(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string; read: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let read = 0;
    let stderr = '';
    child.stdout.once('data', (b: Buffer) => {
      read = b.length;
      child.stdout.destroy();
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, read }));
  });
}

/** A vector file of Core's public cases 20 times over, each expecting the other verdict: every case fails and is printed. */
function failingVectors(): string {
  const entries = (JSON.parse(readFileSync(PUBLIC, 'utf8')) as unknown[][]).filter((e) => e.length > 1);
  const flipped = entries.map((e) => {
    const expected = Array.isArray(e[0]) ? 4 : 3; // after the witness array, when there is one
    return e.map((x, i) => (i === expected ? (x === 'OK' ? 'EVAL_FALSE' : 'OK') : x));
  });
  const file = join(tempDir('epipe'), 'failing.json');
  writeFileSync(file, JSON.stringify(Array.from({ length: 20 }, () => flipped).flat()));
  return file;
}

describe('a closed stdout', () => {
  it.each([
    [['--help']],
    [['run', '--help']],
    [['run', '--asm', '1 2']],
    [['import', ONNX, '--input-range', '0,16']],
  ])('bsml %j ends quietly: exit 141, nothing on stderr', async (args) => {
    const r = await withPipeClosed(args);
    expect(r).toEqual({ code: EXIT_READER_GONE, signal: null, other: '' });
  }, 60_000);

  // The commands the notes named: vectors printing a failure per case, a long run --trace. Their
  // output (about 2.6 MB and 0.7 MB) is far more than a pipe holds, so bsml is still writing.
  it.each([
    ['vectors', ['vectors', failingVectors()]],
    ['run --trace', ['run', '--asm', '1 DROP '.repeat(9000), '--trace', '--sigversion', 'tapscript']],
  ])('bsml %s | head -c 1: exit 141, nothing on stderr', async (_name, args) => {
    const r = await readerLeavesEarly(args);
    expect(r.read).toBeGreaterThan(0);
    expect(r).toEqual({ code: EXIT_READER_GONE, signal: null, stderr: '', read: r.read });
  }, 120_000);

  it('a command that fails still reports on stderr as usual', async () => {
    const r = await withPipeClosed(['run', '--asm', '1', '--bogus']);
    expect(r.code).toBe(2);
    expect(r.other).toBe(`bsml run: Unknown option '--bogus'; run 'bsml run --help' for its options\n`);
  }, 60_000);

  it('a closed stderr loses the message only: the exit code is the command\'s, stdout as usual', async () => {
    expect(await withPipeClosed(['run', '--asm', '1', '--bogus'], 'stderr')).toEqual({ code: 2, signal: null, other: '' });
    const ok = await withPipeClosed(['run', '--asm', '1 2'], 'stderr');
    expect(ok).toEqual({ code: 0, signal: null, other: 'success: OK  opCount 0\nstack: [01 02]\n' });
  }, 60_000);
});

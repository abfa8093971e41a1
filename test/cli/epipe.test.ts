/**
 * `bsml ... | head`: when the reader of stdout goes away, the CLI ends quietly (exit 141, as a
 * program SIGPIPE ended; no stack trace), whatever the command was writing.
 */
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { EXIT_READER_GONE } from '../../src/cli/main.js';
import { BIN } from '../helpers/cli.js';

const ONNX = new URL('../fixtures/models/digits_mlp_64_32_10.onnx', import.meta.url).pathname;

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

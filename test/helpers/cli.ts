/**
 * Running the CLI from tests: in-process (`main` with stdout and stderr captured) or as scripts see
 * it (`node bin/bsml.js` in a child process, from the compiled dist/), and scratch directories.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';

/** What one CLI run did: its exit code and everything it wrote. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI's entry script. */
export const BIN = new URL('../../bin/bsml.js', import.meta.url).pathname;

/** Runs `bsml ...args` in-process, capturing what it writes to stdout and stderr. */
export async function runCli(args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    stdout += String(s);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/**
 * Runs `node bin/bsml.js ...args` in a child process with `env` added to this process's
 * environment (an `undefined` value removes the variable). Several may run at once.
 */
export function spawnCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  return spawnNode([BIN, ...args], env);
}

/** Runs `node ...nodeArgs` in a child process, with `env` as for {@link spawnCli}. */
export function spawnNode(nodeArgs: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const childEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve) => {
    execFile(process.execPath, nodeArgs, { encoding: 'utf8', env: childEnv }, (error, stdout, stderr) => {
      // A child killed by a signal has no exit code: report -1, never a success.
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A new empty directory under the system temp dir, named `bsml-<prefix>-XXXXXX`. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `bsml-${prefix}-`));
}

/** asUsage: which errors become a usage error (one line, exit 2) and which surface as bugs. */
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asUsage, asUsageAsync, isInputError, UsageError } from '../../src/cli/usage.js';
import { parseGridArgs } from '../../src/cli/pipeline-args.js';
import { HexError, fromHex } from '../../src/script/bytes.js';
import { CompileOptionsError } from '../../src/compiler/errors.js';
import { tempDir } from '../helpers/cli.js';
import { thrown } from '../helpers/errors.js';

describe('asUsage', () => {
  it('turns a BsmlError into a UsageError with the same message', () => {
    const e = thrown(() => asUsage(() => fromHex('zz')));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toBe((thrown(() => fromHex('zz')) as HexError).message);
    expect(thrown(() => asUsage(() => { throw new CompileOptionsError('bad layout'); }))).toEqual(new UsageError('bad layout'));
  });

  it('turns an operating-system error (a refused file operation) into a UsageError, as before', () => {
    const file = join(tempDir('usage'), 'plain-file');
    writeFileSync(file, 'x');
    const e = thrown(() => asUsage(() => readdirSync(file)));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toContain('ENOTDIR');
  });

  it('leaves Node ERR_* errors, errors with a non-system code and plain errors alone (bugs, not input)', () => {
    const internal = thrown(() => Buffer.alloc(-1));
    expect((internal as { code: unknown }).code).toBe('ERR_OUT_OF_RANGE');
    expect(isInputError(internal)).toBe(false);
    expect(thrown(() => asUsage(() => { throw internal; }))).toBe(internal);
    const coded = Object.assign(new Error('some library'), { code: 'LIB_FAIL' });
    expect(thrown(() => asUsage(() => { throw coded; }))).toBe(coded);
    const plain = new TypeError('x is undefined');
    expect(thrown(() => asUsage(() => { throw plain; }))).toBe(plain);
  });

  it('does the same for async work', async () => {
    await expect(asUsageAsync(async () => fromHex('0'))).rejects.toBeInstanceOf(UsageError);
    const plain = new Error('bug');
    await expect(asUsageAsync(async () => { throw plain; })).rejects.toBe(plain);
  });

  it('the sweep grid options (SweepOptionsError) give a UsageError', () => {
    const e = thrown(() => parseGridArgs({ weights: 'int8,int7' }));
    expect(e).toBeInstanceOf(UsageError);
    expect((e as Error).message).toBe('--weights: item 1 "int7" is not a weight scheme (int8, int4, ternary, pow2, int8-col)');
  });
});

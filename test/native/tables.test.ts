import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-ignore: plain ESM script without type declarations
import { OUTPUTS, renderTables } from '../../scripts/gen-native-tables.mjs';
// @ts-ignore: plain ESM script without type declarations
import { NATIVE_VECTORS, renderNativeVectors } from '../../scripts/gen-native-vectors.mjs';
// @ts-ignore: plain ESM script without type declarations
import { NATIVE_LARGE, renderLargeCases } from '../../scripts/gen-native-large.mjs';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromHex } from '../../src/script/bytes.js';
import { encodeScriptNum } from '../../src/script/scriptnum.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { buildTaprootOutput } from '../../src/bitcoin/taproot.js';
import { evaluate, verifyScript } from '../../src/vm/verify.js';
import * as opcodes from '../../src/script/opcodes.js';
import { toHex } from '../../src/script/bytes.js';
import * as errors from '../../src/vm/errors.js';
import * as flags from '../../src/vm/flags.js';
import * as limits from '../../src/vm/limits.js';
import { parseVectors } from '../../src/vm/vectors.js';

const read = (p: string) => readFileSync(new URL(`../../${p}`, import.meta.url), 'utf8');

describe('generated native tables (drift)', () => {
  const out = renderTables({ ...opcodes, ...errors, ...flags, ...limits }) as { codes: string; tables: string };
  it.each(Object.entries(OUTPUTS as Record<string, string>))('%s matches the TypeScript sources (run npm run gen:native)', (key, path) => {
    expect(read(path)).toBe(out[key as 'codes' | 'tables']);
  });
  it('names every error in Core order and every flag bit', () => {
    errors.SCRIPT_ERRORS.forEach((e, i) => expect(out.codes).toContain(`BSML_ERR_${e} = ${i},`));
    expect(out.codes).toContain(`#define BSML_FLAG_TAPROOT 0x${flags.FLAGS.TAPROOT.toString(16).padStart(8, '0')}u`);
    expect(out.codes).toContain(`#define BSML_MAX_STACK_SIZE ${limits.MAX_STACK_SIZE}`);
  });
});

describe('pre-parsed vectors for the C++ suite (drift)', () => {
  it(`${NATIVE_VECTORS} matches script_tests.public.json`, () => {
    const cases = parseVectors(read('test/fixtures/script_tests.public.json'));
    expect(read(NATIVE_VECTORS)).toBe(renderNativeVectors(cases, toHex));
  });
  it(`${NATIVE_LARGE} is the TypeScript reference's answers on its stacks and witnesses of more than 1,000 items`, () => {
    const deps = { evaluate, verifyScript, buildTaprootOutput, toHex, sha256, ripemd160, encodeScriptNum, fromHex, FLAGS: flags.FLAGS };
    expect(read(NATIVE_LARGE)).toBe(renderLargeCases(deps));
  }, 60_000);
});

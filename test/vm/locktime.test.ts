/**
 * CHECKLOCKTIMEVERIFY (BIP65) and CHECKSEQUENCEVERIFY (BIP112) against a transaction context
 * (lockTimeChecker), with Core's errors: NEGATIVE_LOCKTIME, UNSATISFIED_LOCKTIME, SCRIPTNUM.
 */
import { describe, expect, it } from 'vitest';
import { parseCoreAsm } from '../../src/script/asm.js';
import { lockTimeChecker, type LockTimeContext } from '../../src/vm/checker.js';
import { FLAGS } from '../../src/vm/flags.js';
import { evaluate } from '../../src/vm/verify.js';

const CLTV = FLAGS.CHECKLOCKTIMEVERIFY;
const CSV = FLAGS.CHECKSEQUENCEVERIFY;

function run(asm: string, tx: LockTimeContext, flags: number, sigVersion: 'base' | 'witness_v0' | 'tapscript' = 'base') {
  return evaluate(parseCoreAsm(asm), [], { flags, sigVersion, checker: lockTimeChecker(tx) }).error;
}

describe('CHECKLOCKTIMEVERIFY', () => {
  const height = { version: 2, lockTime: 500, sequence: 0xfffffffe };

  it('passes when the operand is at most the height lock time', () => {
    expect(run('500 CHECKLOCKTIMEVERIFY', height, CLTV)).toBe('OK');
    expect(run('0 CHECKLOCKTIMEVERIFY DROP 1', height, CLTV)).toBe('OK');
    expect(run('501 CHECKLOCKTIMEVERIFY', height, CLTV)).toBe('UNSATISFIED_LOCKTIME');
  });

  it('compares only lock times of the same kind (height vs time)', () => {
    expect(run('500000000 CHECKLOCKTIMEVERIFY', height, CLTV)).toBe('UNSATISFIED_LOCKTIME');
    const time = { version: 1, lockTime: 600_000_000, sequence: 0 };
    expect(run('500000000 CHECKLOCKTIMEVERIFY', time, CLTV)).toBe('OK');
    expect(run('499999999 CHECKLOCKTIMEVERIFY', time, CLTV)).toBe('UNSATISFIED_LOCKTIME');
  });

  it('fails when the input is final, even if the lock time is met', () => {
    expect(run('1 CHECKLOCKTIMEVERIFY', { ...height, sequence: 0xffffffff }, CLTV)).toBe('UNSATISFIED_LOCKTIME');
  });

  it('accepts 5-byte operands, rejects 6-byte ones and negative ones', () => {
    const max = { version: 1, lockTime: 0xffffffff, sequence: 0 };
    expect(run('2147483648 CHECKLOCKTIMEVERIFY', max, CLTV)).toBe('OK'); // 0x0000008000: 5 bytes
    expect(run('4294967295 CHECKLOCKTIMEVERIFY', max, CLTV)).toBe('OK');
    expect(run('0x05 0x0000000001 CHECKLOCKTIMEVERIFY', max, CLTV)).toBe('UNSATISFIED_LOCKTIME'); // 2^32
    expect(run('0x06 0x000000000100 CHECKLOCKTIMEVERIFY', max, CLTV)).toBe('SCRIPTNUM');
    expect(run('-1 CHECKLOCKTIMEVERIFY', max, CLTV)).toBe('NEGATIVE_LOCKTIME');
    expect(run('0x01 0x80 CHECKLOCKTIMEVERIFY 1', height, CLTV)).toBe('OK'); // negative zero is 0, not negative
  });

  it('applies MINIMALDATA to its operand', () => {
    expect(run('0x02 0xf401 CHECKLOCKTIMEVERIFY', height, CLTV)).toBe('OK');
    expect(run('0x03 0xf40100 CHECKLOCKTIMEVERIFY', height, CLTV | FLAGS.MINIMALDATA)).toBe('SCRIPTNUM');
  });

  it('needs an operand and behaves as NOP2 without its flag', () => {
    expect(run('CHECKLOCKTIMEVERIFY', height, CLTV)).toBe('INVALID_STACK_OPERATION');
    expect(run('999 CHECKLOCKTIMEVERIFY', height, 0)).toBe('OK');
    expect(run('999 CHECKLOCKTIMEVERIFY', height, FLAGS.DISCOURAGE_UPGRADABLE_NOPS)).toBe('OK');
  });

  it('works the same in witness scripts', () => {
    expect(run('500 CHECKLOCKTIMEVERIFY', height, CLTV, 'tapscript')).toBe('OK');
    expect(run('501 CHECKLOCKTIMEVERIFY', height, CLTV, 'witness_v0')).toBe('UNSATISFIED_LOCKTIME');
  });
});

describe('CHECKSEQUENCEVERIFY', () => {
  const TYPE = 1 << 22;
  const blocks = { version: 2, lockTime: 0, sequence: 10 };
  const seconds = { version: 2, lockTime: 0, sequence: TYPE | 10 };

  it('passes when the relative lock is at most the input sequence, of the same kind', () => {
    expect(run('10 CHECKSEQUENCEVERIFY', blocks, CSV)).toBe('OK');
    expect(run('11 CHECKSEQUENCEVERIFY', blocks, CSV)).toBe('UNSATISFIED_LOCKTIME');
    expect(run(`${TYPE | 10} CHECKSEQUENCEVERIFY`, seconds, CSV)).toBe('OK');
    expect(run(`${TYPE | 5} CHECKSEQUENCEVERIFY`, blocks, CSV)).toBe('UNSATISFIED_LOCKTIME');
    expect(run('5 CHECKSEQUENCEVERIFY', seconds, CSV)).toBe('UNSATISFIED_LOCKTIME');
  });

  it('ignores bits outside the type flag and the 16-bit value', () => {
    expect(run(`${(1 << 20) | 10} CHECKSEQUENCEVERIFY`, blocks, CSV)).toBe('OK');
  });

  it('fails for transaction version 1 and for inputs with the disable flag', () => {
    expect(run('10 CHECKSEQUENCEVERIFY', { ...blocks, version: 1 }, CSV)).toBe('UNSATISFIED_LOCKTIME');
    expect(run('10 CHECKSEQUENCEVERIFY', { ...blocks, sequence: 0x8000000a }, CSV)).toBe('UNSATISFIED_LOCKTIME');
  });

  it('is a NOP when the operand has the disable flag (a 5-byte operand)', () => {
    expect(run('2147483648 CHECKSEQUENCEVERIFY', { ...blocks, version: 1 }, CSV)).toBe('OK');
    expect(run('0x05 0xffffffff7f CHECKSEQUENCEVERIFY', blocks, CSV)).toBe('OK');
  });

  it('rejects negative, 6-byte and (under MINIMALDATA) non-minimal operands', () => {
    expect(run('-1 CHECKSEQUENCEVERIFY', blocks, CSV)).toBe('NEGATIVE_LOCKTIME');
    expect(run('0x06 0x000000008000 CHECKSEQUENCEVERIFY', blocks, CSV)).toBe('SCRIPTNUM');
    expect(run('0x02 0x0a00 CHECKSEQUENCEVERIFY', blocks, CSV | FLAGS.MINIMALDATA)).toBe('SCRIPTNUM');
  });

  it('behaves as NOP3 without its flag', () => {
    expect(run('11 CHECKSEQUENCEVERIFY', blocks, 0)).toBe('OK');
    expect(run('CHECKSEQUENCEVERIFY 1', blocks, 0)).toBe('OK');
  });
});

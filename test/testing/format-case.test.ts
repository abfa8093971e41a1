/** Counterexample text: counts agree with their number ("1 byte", "1 item"; it said "1 bytes", "1 items"). */
import { describe, expect, it } from 'vitest';
import { formatCase } from '../../src/testing/case.js';
import { formatSpendCase } from '../../src/testing/spend-case.js';

const b = (...x: number[]) => new Uint8Array(x);

describe('formatCase / formatSpendCase counts', () => {
  it('singular for one, plural otherwise', () => {
    const one = formatCase({ script: b(0x51), stack: [b(1)], flags: 0, sigVersion: 'base' });
    expect(one[1]).toMatch(/\(1 byte\)$/);
    expect(one[2]).toMatch(/\(1 item, bottom first\)$/);
    const many = formatCase({ script: b(0x51, 0x52), stack: [], flags: 0, sigVersion: 'base' });
    expect(many[1]).toMatch(/\(2 bytes\)$/);
    expect(many[2]).toMatch(/\(0 items, bottom first\)$/);
    const spend = formatSpendCase({ scriptSig: b(0x51), scriptPubKey: b(), witness: [b(2), b(3)], flags: 0 });
    expect(spend[1]).toMatch(/\(1 byte\)$/);
    expect(spend[3]).toMatch(/\(0 bytes\)$/);
    expect(spend[4]).toMatch(/\(2 items, bottom first\)$/);
  });
});

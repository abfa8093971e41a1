/** `bsml spend OUT_DIR`: a transaction spending the model's taproot output by script path. */
import { readLeafScript } from '../bitcoin/outdir.js';
import { parseInputRow, programWitness } from '../bitcoin/program.js';
import { buildScriptPathSpend, parseUtxo, witnessHex } from '../bitcoin/spend.js';
import { networkByName, parseInternalKey } from '../bitcoin/taproot.js';
import { toHex } from '../script/bytes.js';
import { parseStackList } from '../script/stack-list.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { SPEND_SPEC } from './spec/spend.js';
import { parseDecimal } from '../io/decimal.js';

export async function spendCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(SPEND_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected one OUT_DIR argument');
  for (const req of ['utxo', 'to', 'fee-rate'] as const) if (values[req] === undefined) throw new UsageError(`--${req} is required`);
  if ((values.input === undefined) === (values.witness === undefined)) {
    throw new UsageError('give exactly one of --input "v1,v2,..." (model inputs) or --witness HEX,HEX,... (raw witness items, bottom first)');
  }
  const outDir = positionals[0]!;
  const leafScript = asUsage(() => readLeafScript(outDir));
  const feeRate = parseDecimal(values['fee-rate'] ?? '');
  if (!Number.isFinite(feeRate) || feeRate < 0) throw new UsageError(`--fee-rate must be a non-negative number of sat/vB, got ${JSON.stringify(values['fee-rate'])}`);
  // nSequence and nLockTime: a plain decimal, or hex as they are usually written (0xfffffffd, the
  // documented default); not binary, octal or anything else Number() reads.
  const int = (name: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = /^\s*0x[0-9a-f]{1,8}\s*$/i.test(v) ? Number(v.trim()) : parseDecimal(v);
    if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UsageError(`--${name} must be an integer in [0, 2^32) (decimal, or hex as 0x...), got ${JSON.stringify(v)}`);
    return n;
  };
  const r = asUsage(() =>
    buildScriptPathSpend({
      leafScript,
      internalKey: parseInternalKey(values['internal-key']),
      witnessItems: values.input !== undefined ? programWitness(outDir, parseInputRow(values.input)) : parseStackList(values.witness, '--witness'),
      utxo: parseUtxo(values.utxo!),
      to: values.to!,
      feeRate,
      network: networkByName(values.network),
      sequence: int('sequence', values.sequence),
      lockTime: int('locktime', values.locktime),
    }),
  );
  const prevouts = `${toHex(r.prevout.script)}:${r.prevout.value}`;
  if (values.json) {
    process.stdout.write(
      JSON.stringify({
        txid: r.txid,
        hex: r.hex,
        fee: Number(r.fee),
        vsize: r.vsize,
        weight: r.weight,
        sendAmount: Number(r.sendAmount),
        address: r.output.address,
        prevouts,
        witness: witnessHex(r.tx),
        psbt: r.psbtBase64,
        warnings: r.warnings,
      }) + '\n',
    );
  } else {
    process.stdout.write(
      `txid:   ${r.txid}\n` +
        `fee:    ${r.fee} sat (${r.vsize} vB, weight ${r.weight}); sends ${r.sendAmount} sat\n` +
        `check:  bsml verify-tx <hex> --prevouts ${prevouts}\n` +
        `hex:    ${r.hex}\n`,
    );
  }
  // After the transaction: one line each on stderr (it is built either way).
  for (const w of r.warnings) process.stderr.write(`bsml spend: warning: ${w}\n`);
  return 0;
}

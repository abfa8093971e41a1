/** `bsml taproot OUT_DIR`: the P2TR output committing to the compiled model's leaf. */
import { readLeafScript } from '../bitcoin/outdir.js';
import { buildTaprootOutput, networkByName, parseInternalKey } from '../bitcoin/taproot.js';
import { toHex } from '../script/bytes.js';
import { asUsage, UsageError } from './usage.js';
import { parseCommand } from './command-spec.js';
import { TAPROOT_SPEC } from './spec/taproot.js';

export async function taprootCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommand(TAPROOT_SPEC, argv);
  if (positionals.length !== 1) throw new UsageError('expected one OUT_DIR argument');
  const script = asUsage(() => readLeafScript(positionals[0]!));
  const network = asUsage(() => networkByName(values.network));
  const out = asUsage(() => buildTaprootOutput({ internalKey: parseInternalKey(values['internal-key']), tree: { script }, network }));
  const leaf = out.leaves[0]!;
  const report = {
    address: out.address,
    outputScriptHex: toHex(out.scriptPubKey),
    outputKey: toHex(out.outputKey),
    parity: out.parity,
    internalKey: toHex(out.internalKey),
    leafScriptHex: toHex(leaf.script),
    leafVersion: leaf.leafVersion,
    tapleafHash: toHex(leaf.leafHash),
    merkleRoot: toHex(out.merkleRoot!),
    controlBlockHex: toHex(leaf.controlBlock),
    network: values.network,
  };
  if (values.json) process.stdout.write(JSON.stringify(report) + '\n');
  else {
    process.stdout.write(
      `address:       ${report.address}\n` +
        `scriptPubKey:  ${report.outputScriptHex}\n` +
        `internal key:  ${report.internalKey}${values['internal-key'] ? '' : ' (BIP341 NUMS point: script path only)'}\n` +
        `leaf:          version 0x${leaf.leafVersion.toString(16)}, ${leaf.script.length} bytes, tapleaf hash ${report.tapleafHash}\n` +
        `control block: ${report.controlBlockHex}\n`,
    );
  }
  return 0;
}

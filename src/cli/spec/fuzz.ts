/** `bsml fuzz`: options and help. */
import { defineCommand } from '../command-spec.js';
import { CHUNK_SIZE, DEFAULT_FUZZ_SECONDS, DEFAULT_MAX_COUNTEREXAMPLES } from '../../testing/campaign-defaults.js';

export const FUZZ_SPEC = defineCommand({
  name: 'fuzz',
  usage: '--engines A,B [options]',
  summary: 'differential fuzzing of two engines (ts, native), counterexamples shrunk',
  description:
    'Runs generated cases on two engines (the first is the reference) and compares success, error, stacks and op count: scripts with stacks, flags and sigversions (evaluate), ' +
    'and spends (verifyScript of a scriptSig, scriptPubKey and witness: bare, P2SH, P2WSH, P2SH-P2WSH, P2WPKH, taproot key and script path; no signature passes). ' +
    'Each distinct counterexample is printed as soon as it is found (also under --jobs), shrunk to minimal ASM with the command that replays it; ends with "N cases, M mismatches". ' +
    'Ctrl-C stops at the end of the running chunk and prints the report (marked interrupted; exit 130 unless a case mismatched); a second Ctrl-C quits at once. ' +
    'Exit 1 on any mismatch, 2 for bad usage or an unavailable engine.',
  options: {
    engines: { type: 'string', value: 'A,B', help: 'the two engines to compare, each ts or native (ts,ts is a sanity run)' },
    seconds: { type: 'string', value: 'N', help: 'run for N seconds', defaultText: `${DEFAULT_FUZZ_SECONDS}, unless --runs is given` },
    runs: { type: 'string', value: 'N', help: 'run N cases (instead of a time budget)' },
    seed: { type: 'string', value: 'S', help: 'the seed (a 32-bit integer) to replay', defaultText: 'random, printed' },
    path: { type: 'string', value: 'P', help: 'with --seed: the shrink path of one counterexample (as printed, e.g. 12:3:4)' },
    kinds: { type: 'string', value: 'K,K', help: 'case kinds to generate, from structured, bytes, limits (evaluate cases) and spends (verifyScript cases)', defaultText: 'all four' },
    'max-counterexamples': { type: 'string', value: 'N', help: 'print at most N distinct counterexamples (every mismatch is counted)', defaultText: String(DEFAULT_MAX_COUNTEREXAMPLES) },
    jobs: { type: 'string', value: 'N', help: `run the campaign in N processes at once, each on every N-th chunk of ${CHUNK_SIZE.toLocaleString('en-US')} cases (with --seed and --runs: the same cases as one process)`, defaultText: '1' },
    shard: { type: 'string', value: 'I/N', help: 'run only shard I (from 0) of N: chunks I, I+N, I+2N, … of the campaign (to split one campaign across machines; give each the same --seed)' },
    json: { type: 'boolean', help: 'print {engines, seed, cases, mismatches, elapsedMs, referenceErrors, counterexamples} as JSON (and shard, jobs when given)' },
    jsonl: {
      type: 'boolean',
      help:
        'print JSON lines as the campaign goes: {"type":"counterexample", engines, shard?, seed, path, replay, differs, case, reference, candidate, numShrinks} for each counterexample as soon as it is found, ' +
        'then {"type":"report", …} with the fields of --json',
    },
  },
  examples: [
    'bsml fuzz --engines ts,native --seconds 60',
    'bsml fuzz --engines ts,native --seed 427218714 --runs 1000 --kinds structured',
    'bsml fuzz --engines ts,native --seconds 120 --kinds spends',
    'bsml fuzz --engines ts,native --seconds 600 --jobs 2',
    'bsml fuzz --engines ts,native --seconds 3600 --jobs 2 --jsonl',
  ],
});

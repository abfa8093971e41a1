/** Option specs several commands share. */
import type { OptionSpec } from '../command-spec.js';

/** `--engine` of the commands that run scripts through the engine API (run, vectors, eval, verify-tx). */
export const ENGINE_OPTION = {
  type: 'string',
  value: 'auto|ts|native',
  help: 'engine to run scripts on; auto picks native when the addon loads, else TypeScript',
  defaultText: '$BSML_ENGINE, else auto',
} as const satisfies OptionSpec;

/** `--json`: one JSON object on stdout instead of text. */
export const JSON_OPTION = { type: 'boolean', help: 'print one JSON object instead of text' } as const satisfies OptionSpec;

/** `--flags` naming Core's SCRIPT_VERIFY_* flags. */
export const FLAGS_HELP = "script verification flags: Core's SCRIPT_VERIFY_* names without the prefix (P2SH,MINIMALDATA,...)";

/** `--sigversion` values. */
export const SIGVERSION_VALUE = 'base|witness_v0|tapscript';

/** How the `HEX,...` options (`run --stack`, `debug --stack/--witness`, `spend --witness`) are written; read by parseStackList. */
export const STACK_ITEMS_HELP = 'hex, comma-separated, bottom first; 0x alone is an empty item (0x: one empty item, "": none, ",": two; 0x02 = 02)';

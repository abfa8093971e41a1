/**
 * The defaults of `compileModel` (and so of `bsml compile`), in a module the command's help can
 * import without loading the compiler.
 */
import type { WeightScheme } from './intmodel.js';
import type { RescaleMode } from './program.js';

/** What `compileModel` uses for each option left out. */
export const COMPILE_DEFAULTS: {
  readonly target: string;
  readonly weights: WeightScheme;
  readonly fracBits: 'auto';
  readonly rescale: RescaleMode;
  readonly output: string;
} = { target: 'btc-tapscript', weights: 'int8', fracBits: 'auto', rescale: 'hint', output: 'assert-output' };

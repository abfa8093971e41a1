/**
 * The defaults of `compileModel` (and so of `bsml compile`), in a module the command's help can
 * import without loading the compiler.
 */
import type { WeightScheme } from './intmodel.js';
import type { RescaleMode } from './program.js';

/**
 * What `compileModel` uses for each option left out (`bsml compile`'s defaults, which its help
 * prints from here).
 */
export const COMPILE_DEFAULTS: {
  /** The script dialect: Bitcoin tapscript (a Taproot leaf, version 0xc0). */
  readonly target: string;
  /** The weight scheme: int8 mantissas with one power-of-two scale per layer. */
  readonly weights: WeightScheme;
  /** Fractional bits chosen per activation tensor (inputs from their range, hidden layers as the range proof allows). */
  readonly fracBits: 'auto';
  /** Rescales (right shifts) checked against a witness hint rather than computed in script. */
  readonly rescale: RescaleMode;
  /** The witness claims a class and the script checks it is the argmax. */
  readonly output: string;
} = { target: 'btc-tapscript', weights: 'int8', fracBits: 'auto', rescale: 'hint', output: 'assert-output' };

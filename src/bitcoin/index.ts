/** On-chain glue: real signature checking, taproot outputs and spends, transaction verification. */
export * from './checker.js';
export * from './ecdsa.js';
export * from './schnorr.js';
export * from './sighash.js';

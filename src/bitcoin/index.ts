/** On-chain glue: real signature checking, taproot outputs and spends, transaction verification. */
export * from './checker.js';
export * from './ecdsa.js';
export * from './schnorr.js';
export * from './sighash.js';
export * from './outdir.js';
export * from './policy.js';
export * from './spend.js';
export * from './spend-defaults.js';
export * from './taproot.js';
export * from './verifytx.js';
export * from './ecc.js';
export * from './program.js';
export * from './tx-check.js';

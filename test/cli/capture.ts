/** Moved to test/helpers/cli.ts (with spawnCli and tempDir); kept so tests written against this path still run. */
export { runCli } from '../helpers/cli.js';

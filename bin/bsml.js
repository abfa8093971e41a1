#!/usr/bin/env node
import { endWhenReaderGoes, main } from '../dist/cli/main.js';

endWhenReaderGoes();
process.exitCode = await main(process.argv.slice(2));

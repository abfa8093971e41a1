/** `bsml demo`: options and help. */
import { defineCommand } from '../command-spec.js';

/** `--engine` of the demo pipeline (demo, report). */
export const PIPELINE_ENGINE_OPTION = {
  type: 'string',
  value: 'all|ts|native|batch',
  default: 'all',
  help: 'engines to run the script on (all: every one available; they must agree on every row)',
} as const;

/** Where `bsml demo` writes its report without --out (not a parser default: an explicit --out must be told apart, see demoCommand). */
export const DEMO_REPORT_DIR = 'demo-report';

export const DEMO_SPEC = defineCommand({
  name: 'demo',
  usage: '[options]',
  summary: 'the embedded digits model end to end (import, compile, run on every engine), with a report',
  description:
    'What npm start runs: the embedded PyTorch digits model (64-32-10 MLP, ONNX) is imported, quantized, compiled to tapscript and run on every test row and engine; ' +
    'prints accuracy, script size, fee and speed, sweeps the weight schemes and writes report.html and report.md. ' +
    'Exit 1 if the script disagrees with the integer reference on any row or accepts a wrong claimed class.',
  options: {
    out: { type: 'string', short: 'o', value: 'DIR', help: 'directory to write the report into', defaultText: DEMO_REPORT_DIR },
    engine: PIPELINE_ENGINE_OPTION,
    rows: { type: 'string', value: 'N', help: 'use only the first N test rows', defaultText: 'all 450' },
    'no-report': { type: 'boolean', help: 'write no report' },
    json: { type: 'boolean', help: 'print the results as one JSON object' },
  },
  examples: ['bsml demo --engine batch --rows 100 -o demo-report'],
});

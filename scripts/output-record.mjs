// scripts/render-report.sh's use of a report directory's record of its files (.bsml-output.json,
// README "Output paths"), through the library's own code (src/io/write-dir.ts, compiled to dist/).
//   node scripts/output-record.mjs check DIR NAME   exit 2, saying so, when DIR/NAME exists and the
//                                                   record does not list it as it is (a file of yours)
//   node scripts/output-record.mjs add DIR NAME     adds DIR/NAME as it is now to the record
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [mode, dir, name] = process.argv.slice(2);
const lib = new URL('../dist/io/write-dir.js', import.meta.url);
let addToOutputRecord, isRecordedUnchanged, OUTPUT_RECORD;
try {
  ({ addToOutputRecord, isRecordedUnchanged, OUTPUT_RECORD } = await import(lib.href));
} catch (e) {
  console.error(`render-report: cannot load ${fileURLToPath(lib)} (run npm run build first): ${e.message}`);
  process.exit(2);
}
const path = join(dir, name);
if (mode === 'check') {
  if (existsSync(path) && !isRecordedUnchanged(dir, name)) {
    console.error(`render-report: ${path} is not a screenshot this script recorded in ${join(dir, OUTPUT_RECORD)}; move it away first`);
    process.exit(2);
  }
} else if (mode === 'add') {
  try {
    if (!addToOutputRecord(dir, name))
      console.error(`render-report: note: ${dir} has no ${OUTPUT_RECORD} (a report from an older bsml); delete ${name} before a later bsml report into it`);
  } catch (e) {
    console.error(`render-report: ${e.message}`);
    process.exit(2);
  }
} else {
  console.error(`output-record: usage: node scripts/output-record.mjs check|add DIR NAME`);
  process.exit(2);
}

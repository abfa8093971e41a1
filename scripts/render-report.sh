#!/usr/bin/env bash
# Renders a report (report.html, from `bsml demo` or `bsml report OUT_DIR`) in headless Chromium to
# a PNG, to look at it and to check that it renders. Usage: scripts/render-report.sh [REPORT_DIR]
# (default demo-report).
# Needs Debian's chromium (apt-get install chromium).
set -euo pipefail
dir="${1:-demo-report}"
html="$(cd "$dir" 2>/dev/null && pwd || true)/report.html"
[ -f "$html" ] || { echo "render-report: no $dir/report.html (run bsml demo or bsml report $dir first)" >&2; exit 2; }
grep -q '<svg' "$html" || { echo "render-report: $html has no SVG chart" >&2; exit 1; }
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "render-report: chromium not found (apt-get install chromium)" >&2; exit 2; }
png="$dir/report.png"
# The screenshot goes into the report's record of its files (.bsml-output.json, see README "Output
# paths"), so that a later bsml report into the directory may replace it; a report.png that record
# does not list as it is (a file of yours) is refused, untouched.
record() {
  node - "$1" "$dir" <<'JS'
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const { join } = require('node:path');
const [mode, dir] = process.argv.slice(2);
const recPath = join(dir, '.bsml-output.json');
const pngPath = join(dir, 'report.png');
let rec;
try {
  rec = JSON.parse(fs.readFileSync(recPath, 'utf8'));
} catch {}
const ok = rec && rec.format === 'bsml-output' && typeof rec.files === 'object' && rec.files !== null;
const digest = (data) => ({ bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') });
if (mode === 'check') {
  if (!fs.existsSync(pngPath)) process.exit(0);
  const was = ok ? rec.files['report.png'] : undefined;
  const now = digest(fs.readFileSync(pngPath));
  if (was && was.bytes === now.bytes && was.sha256 === now.sha256) process.exit(0);
  console.error(`render-report: ${pngPath} is not a screenshot this script recorded in ${recPath}; move it away first`);
  process.exit(2);
}
if (!ok) {
  console.error(`render-report: note: ${dir} has no .bsml-output.json (a report from an older bsml); delete report.png before a later bsml report into it`);
  process.exit(0);
}
rec.files['report.png'] = digest(fs.readFileSync(pngPath));
fs.writeFileSync(`${recPath}.tmp`, JSON.stringify(rec, null, 2) + '\n');
fs.renameSync(`${recPath}.tmp`, recPath);
JS
}
record check
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,2400 --screenshot="$png" "file://$html" 2>/dev/null
record add
size=$(stat -c %s "$png")
[ "$size" -gt 20000 ] || { echo "render-report: $png is only $size bytes; the page did not render" >&2; exit 1; }
echo "$png ($size bytes)"

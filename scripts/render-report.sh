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
record() { node "$(dirname "$0")/output-record.mjs" "$1" "$dir" report.png; }
record check
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1100,2400 --screenshot="$png" "file://$html" 2>/dev/null
record add
size=$(stat -c %s "$png")
[ "$size" -gt 20000 ] || { echo "render-report: $png is only $size bytes; the page did not render" >&2; exit 1; }
echo "$png ($size bytes)"

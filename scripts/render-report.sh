#!/usr/bin/env bash
# Renders a report (report.html, from `bsml demo` or `bsml report OUT_DIR`) in headless Chromium to
# a PNG of the whole page (as wide and as tall as its content), to look at it and to check that it
# renders. Usage: scripts/render-report.sh [REPORT_DIR] (default demo-report).
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
# The screenshot is of the whole page, at the size its content takes. The page as it is would cut
# the sweep table (wider than the page's 60rem column, it scrolls in its own box) at any window
# width, so a copy of the page is shot with that box opened out and the column at the left edge:
# it is first loaded in a wide window, where a script measures the rightmost edge of its content
# and the bottom of the page; the screenshot is then taken at that size (plus the page's margins).
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
measure='{const b=document.body,m=getComputedStyle(b),r=Math.max(...[...b.querySelectorAll("*")].map((e)=>e.getBoundingClientRect().right));'
measure+='b.dataset.pageSize=Math.ceil(r+parseFloat(m.marginLeft))+"x"+Math.ceil(b.getBoundingClientRect().bottom+parseFloat(m.marginBottom))}'
sed "s|</body>|<style>body{margin:2rem 1rem}.wide{overflow-x:visible}</style><script>$measure</script></body>|" "$html" > "$tmp/page.html"
run() { "$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars "$@" "file://$tmp/page.html" 2>/dev/null; }
dims="$(run --window-size=4000,600 --dump-dom | grep -o 'data-page-size="[0-9]*x[0-9]*"' | grep -o '[0-9]*x[0-9]*' || true)"
[ -n "$dims" ] || { echo "render-report: could not measure the page ($browser --dump-dom printed no size); no screenshot taken" >&2; exit 1; }
run --window-size="${dims/x/,}" --screenshot="$png"
record add
size=$(stat -c %s "$png")
[ "$size" -gt 20000 ] || { echo "render-report: $png is only $size bytes; the page did not render" >&2; exit 1; }
echo "$png ($size bytes)"

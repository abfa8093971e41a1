/** `bsml report OUT_DIR`: both files, a vega SVG chart, the user's model, atomic and careful writing (with scripts/render-report.sh's screenshot). */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from '../helpers/cli.js';

const FIX = 'test/fixtures/models/';
const dir = mkdtempSync(join(tmpdir(), 'bsml-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A stand-in for chromium on PATH: it logs its arguments (one line per run) and the page it was
// given; its --dump-dom prints a body with the page size a real page's script measures
// (PAGE_SIZE, none when empty), and its screenshot is 30,000 zero bytes.
const fakeBin = join(dir, 'bin');
const browserLog = join(dir, 'browser.log');
mkdirSync(fakeBin);
writeFileSync(
  join(fakeBin, 'chromium'),
  `#!/bin/sh\necho "$*" >> '${browserLog}'\nfor a in "$@"; do case "$a" in\n` +
    `  file://*) cp "\${a#file://}" '${join(dir, 'browser-page.html')}';;\n` +
    `  --dump-dom) echo "<html><head></head><body\${PAGE_SIZE:+ data-page-size=\\"$PAGE_SIZE\\"}></body></html>";;\n` +
    `  --screenshot=*) head -c 30000 /dev/zero > "\${a#--screenshot=}";;\n` +
    `esac; done\n`,
  { mode: 0o755 },
);
/** Runs scripts/render-report.sh on `out` with the stand-in browser, the page measured as `pageSize` (WxH). */
const renderReport = (out: string, pageSize = '1234x2345') =>
  spawnSync('bash', ['scripts/render-report.sh', out], { encoding: 'utf8', env: { ...process.env, PATH: `${fakeBin}:${process.env.PATH}`, PAGE_SIZE: pageSize } });

/** The embedded digits model's report (one sweep setting, the batch engine), written once for the tests that read it. */
const digits = join(dir, 'digits');
let digitsRun: Promise<CliRun> | undefined;
const digitsReport = () => (digitsRun ??= runCli(['report', digits, '--rows', '20', '--weights', 'int4', '--frac-bits', 'auto', '--engine', 'batch']));

describe('bsml report', () => {
  it('the embedded digits model: report.html (vega SVG charts) and report.md', async () => {
    const out = digits;
    const r = await digitsReport();
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`report: ${join(out, 'report.html')}`);
    expect(readdirSync(out).sort()).toEqual(['.bsml-output.json', 'confusion.svg', 'report.html', 'report.md', 'tradeoff.svg']);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    // vega's SVG renderer: a root <svg> with its mark groups, one per chart.
    expect(html.match(/<svg[^>]*class="marks"/g)).toHaveLength(2);
    expect(html).toContain('Accuracy / script size trade-off');
    expect(html).toContain('weights int4');
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    expect(md).toContain('![accuracy / script size trade-off](tradeoff.svg)');
    expect(md.split('\n').filter((l) => /^\| int4 \| hint \| auto: .* \| 20\/20 \|/.test(l))).toHaveLength(1);
  });

  it("the user's ONNX model and data (--calibrate), with its own title; run again (--json), replaces the report", async () => {
    const out = join(dir, 'iris');
    const csv = FIX + 'iris_mlp_4_8_3.test.csv';
    const args = ['report', out, '--model', FIX + 'iris_mlp_4_8_3.onnx', '--calibrate', csv, '--data', csv, '--frac-bits', 'auto,2', '--engine', 'ts'];
    const r = await runCli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('script vs reference agreement');
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html).toContain('<title>bsml report: iris_mlp_4_8_3</title>');
    expect(html).toContain('4 -&gt; dense 8, relu, dense 3');
    expect(html.match(/<svg/g)!.length).toBeGreaterThanOrEqual(2);
    // One sweep row per setting (5 schemes x 2 frac bits), every script agreeing with the reference on all 38 rows.
    expect(readFileSync(join(out, 'report.md'), 'utf8').split('\n').filter((l) => / \| hint \| .* \| 38\/38 \| /.test(l))).toHaveLength(10);

    // scripts/render-report.sh measures the page (a page it could not measure gets no screenshot)...
    rmSync(browserLog, { force: true });
    const unmeasured = renderReport(out, '');
    expect(unmeasured).toMatchObject({ status: 1, stdout: '' });
    expect(unmeasured.stderr).toBe(`render-report: could not measure the page (${join(fakeBin, 'chromium')} --dump-dom printed no size); no screenshot taken\n`);
    expect(readdirSync(out)).not.toContain('report.png');
    // ...and screenshots all of it, the sweep table's scroll box opened out: at the size measured.
    // The screenshot (a stand-in browser draws it) goes into the report's record, so the next
    // report replaces it.
    rmSync(browserLog);
    expect(renderReport(out)).toMatchObject({ status: 0, stdout: `${join(out, 'report.png')} (30000 bytes)\n` });
    const runs = readFileSync(browserLog, 'utf8').trim().split('\n');
    expect(runs).toHaveLength(2);
    expect(runs[0]).toMatch(/ --window-size=4000,600 --dump-dom file:\/\/\S+\/page\.html$/);
    expect(runs[1]).toMatch(new RegExp(` --window-size=1234,2345 --screenshot=${join(out, 'report.png')} file://\\S+/page\\.html$`));
    const page = readFileSync(join(dir, 'browser-page.html'), 'utf8');
    expect(page.startsWith(readFileSync(join(out, 'report.html'), 'utf8').split('</body>')[0]!)).toBe(true);
    expect(page).toContain('.wide{overflow-x:visible}');
    expect(page).toContain('b.dataset.pageSize=');
    expect(JSON.parse(readFileSync(join(out, '.bsml-output.json'), 'utf8')).files['report.png']).toMatchObject({ bytes: 30000 });
    const again = await runCli([...args, '--rows', '30', '--json']);
    expect(again.code, again.stderr).toBe(0);
    const j = JSON.parse(again.stdout) as { rows: number; files: { html: string }; failures: string[]; sweep: { points: unknown[] } };
    expect(j).toMatchObject({ rows: 30, failures: [], files: { html: join(out, 'report.html') } });
    expect(j.sweep.points).toHaveLength(10);
    expect(readdirSync(out).sort()).toEqual(['.bsml-output.json', 'confusion.svg', 'report.html', 'report.md', 'tradeoff.svg']);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('30 test rows');
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a directory holding other files, before any work, and leaves it as it was', async () => {
    const out = join(dir, 'mine');
    mkdirSync(out);
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    const r = await runCli(['report', out, '--rows', '5']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`bsml report: ${out}: holds files this command did not write ("notes.txt"); give a new or empty directory\n`);
    expect(readdirSync(out)).toEqual(['notes.txt']);
  });

  // A report directory written before the .bsml-output.json record (e.g. the demo-report an older
  // `npm start` left): its files are recognised by content, so it is still replaced; a screenshot
  // in it is not recognisable, so that directory is refused. The older directory is a copy of the
  // digits report without its record (a report of its own, on the default sweep, took ~10 s).
  it('replaces an older version\'s report directory (no record) recognised by content; refuses one with a report.png', async () => {
    const out = join(dir, 'older-report');
    expect((await digitsReport()).code).toBe(0);
    cpSync(digits, out, { recursive: true });
    rmSync(join(out, '.bsml-output.json'));
    const again = await runCli(['demo', '--out', out, '--rows', '5']);
    expect(again.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.bsml-output.json', 'confusion.svg', 'report.html', 'report.md', 'tradeoff.svg']);
    rmSync(join(out, '.bsml-output.json'));
    writeFileSync(join(out, 'report.png'), 'a screenshot');
    const r = await runCli(['report', out, '--rows', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`bsml report: ${out}: holds files this command did not write ("report.png"); give a new or empty directory\n`);
    expect(readFileSync(join(out, 'report.png'), 'utf8')).toBe('a screenshot');
    // The work left is inherent: bsml demo compiles its whole sweep (every weight scheme and
    // fractional-bit setting), ~11 s of CPU even at --rows 5; on a loaded 2-core machine (load 8:
    // a quarter of a core) that nears the default 60 s.
  }, 150_000);

  it("refuses a report.md of the user's (bsml report and bsml demo --out), before any work, leaving it byte for byte", async () => {
    const out = join(dir, 'users-report');
    mkdirSync(out);
    const mine = '# My report\n\nmy own words\n';
    writeFileSync(join(out, 'report.md'), mine);
    const message = `${out}: holds files this command did not write ("report.md"); give a new or empty directory`;
    for (const args of [['report', out, '--rows', '5'], ['demo', '--out', out, '--rows', '5']]) {
      const r = await runCli(args);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`bsml ${args[0]}: ${message}\n`);
      expect(readFileSync(join(out, 'report.md'), 'utf8')).toBe(mine);
      expect(readdirSync(out)).toEqual(['report.md']);
    }
    // scripts/render-report.sh leaves a report.png of the user's alone too.
    writeFileSync(join(out, 'report.html'), '<svg></svg>');
    writeFileSync(join(out, 'report.png'), 'my picture');
    const r = renderReport(out);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`render-report: ${join(out, 'report.png')} is not a screenshot this script recorded in ${join(out, '.bsml-output.json')}; move it away first`);
    expect(readFileSync(join(out, 'report.png'), 'utf8')).toBe('my picture');
  });
});

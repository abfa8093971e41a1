/** Progress bars on stderr (cli-progress) for the pipeline's stages; silent when stderr is not a terminal. */
import cliProgress from 'cli-progress';
import type { Progress } from '../demo/progress.js';

/** Options of {@link progressBars}. */
export interface ProgressBarOptions {
  /** Draw a stage's bar only once the stage has run this long (ms; default 0: always). */
  delayMs?: number;
}

/** A {@link Progress} sink drawing one bar per stage on stderr. */
export function progressBars(options: ProgressBarOptions = {}): Progress {
  const delay = options.delayMs ?? 0;
  let bar: cliProgress.SingleBar | undefined;
  let stage = '';
  let total = 0;
  let value = 0;
  let started = 0;
  const draw = () => {
    bar = new cliProgress.SingleBar(
      { format: `${stage.padEnd(14)} {bar} {value}/{total}  {duration_formatted}`, hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, value);
  };
  return {
    start(name, n) {
      stage = name;
      total = n;
      value = 0;
      started = performance.now();
      if (delay <= 0) draw();
    },
    tick(n = 1) {
      value += n;
      if (bar) bar.increment(n);
      else if (performance.now() - started >= delay) draw();
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Progress bars on stderr (cli-progress) for the pipeline's stages; silent when stderr is not a terminal. */
import cliProgress from 'cli-progress';
import type { Progress } from '../demo/pipeline.js';

/** A {@link Progress} sink drawing one bar per stage. */
export function progressBars(): Progress {
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(stage, total) {
      bar = new cliProgress.SingleBar(
        { format: `${stage.padEnd(14)} {bar} {value}/{total}  {duration_formatted}`, hideCursor: true, clearOnComplete: false, stream: process.stderr, etaBuffer: 50 },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
    },
    tick(n = 1) {
      bar?.increment(n);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}

/** Progress reporting of the demo's long stages (the CLI draws bars; the library ignores it). */

/** Receives progress: one `start` per stage, `tick`s, then `stop`. */
export interface Progress {
  start(stage: string, total: number): void;
  tick(n?: number): void;
  stop(): void;
}

/** A sink that ignores everything (library use, tests). */
export const NO_PROGRESS: Progress = { start() {}, tick() {}, stop() {} };

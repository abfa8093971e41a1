/**
 * The CPU clock the benchmarks share: CPU time, not wall time (the machine may be shared; the
 * engines measured run single-threaded on the calling thread).
 */

/** This process's CPU time (user + system), in seconds. */
export const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/**
 * Calls f repeatedly for about `seconds` of this process's CPU time and returns the CPU-seconds
 * per call. The clock (a system call of about a microsecond) is read once per batch of calls
 * lasting about a millisecond, not after every call.
 */
export function cpuSecondsPerCall(f, seconds) {
  for (let i = 0; i < 3; i++) f();
  let batch = 1;
  for (;;) {
    const t = cpu();
    for (let i = 0; i < batch; i++) f();
    if (cpu() - t > 1e-3 || batch >= 1 << 20) break;
    batch *= 2;
  }
  let n = 0;
  const t0 = cpu();
  let dt = 0;
  do {
    for (let i = 0; i < batch; i++) f();
    n += batch;
    dt = cpu() - t0;
  } while (dt < seconds);
  return dt / n;
}

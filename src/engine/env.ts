/** The engine choice from the environment (`BSML_ENGINE`), shared by every engine entry point. */

// BSML_ENGINE as read at the first call that needed it (reading process.env costs about 0.7 µs,
// more than a short evaluation).
let envEngine: string | undefined;

/**
 * `BSML_ENGINE` as it was at the first call in this process ('' when unset). Callers ask only when
 * no engine was given explicitly, so a process that always names its engine never reads it.
 */
export function envEngineName(): string {
  if (envEngine === undefined) envEngine = process.env.BSML_ENGINE ?? '';
  return envEngine;
}

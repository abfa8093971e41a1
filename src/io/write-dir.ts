/** Writing a directory of generated files all at once: readers see the old set or the new one, never a mix. */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BsmlError } from '../errors.js';
import { parentProblem } from './output-path.js';

/** A directory that cannot be (re)written: it holds other files, is not a directory, or the file system refused. */
export class OutputDirError extends BsmlError {
  readonly code = 'BAD_OUTPUT_DIR';
  override readonly name = 'OutputDirError';
}

/**
 * The record {@link writeDirAtomic} writes next to the files: each file's size and SHA-256. An
 * existing directory is replaced only when every file in it is one the record lists, unchanged,
 * so a file of the user's is never taken for an earlier output because of its name.
 */
export const OUTPUT_RECORD = '.bsml-output.json';

/** The content of {@link OUTPUT_RECORD}. */
interface OutputRecord {
  format: 'bsml-output';
  version: 1;
  about: string;
  files: Record<string, { bytes: number; sha256: string }>;
}

const RECORD_ABOUT = 'The files bsml wrote into this directory; a later run replaces the directory only while every file in it is listed here, unchanged.';

// A file larger than this is not read to tell whether an earlier version wrote it.
const MAX_RECOGNISED_BYTES = 64 * 1024 * 1024;

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A file's entry in the record: its size and SHA-256. */
const entryOf = (bytes: Uint8Array) => ({ bytes: bytes.length, sha256: sha256(bytes) });

/** A record as its file holds it. */
const recordText = (record: OutputRecord) => JSON.stringify(record, null, 2) + '\n';

/** The record of `files` (name -> content), as written. */
function recordOf(files: Record<string, string | Uint8Array>): string {
  const record: OutputRecord = { format: 'bsml-output', version: 1, about: RECORD_ABOUT, files: {} };
  for (const [name, data] of Object.entries(files)) record.files[name] = entryOf(typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
  return recordText(record);
}

/** The record in `dir`, or undefined when it is missing or is not one (then it is a file like any other). */
function readRecord(dir: string): OutputRecord | undefined {
  try {
    const path = join(dir, OUTPUT_RECORD);
    const st = lstatSync(path);
    if (!st.isFile() || st.size > MAX_RECOGNISED_BYTES) return undefined;
    const r = JSON.parse(readFileSync(path, 'utf8')) as Partial<OutputRecord> | null;
    if (r?.format !== 'bsml-output' || r.version !== 1 || typeof r.files !== 'object' || r.files === null || Array.isArray(r.files)) return undefined;
    for (const f of Object.values(r.files)) if (typeof f?.bytes !== 'number' || typeof f.sha256 !== 'string') return undefined;
    return r as OutputRecord;
  } catch {
    return undefined;
  }
}

/** Why `name` in `dir` may not be replaced: undefined when it may. */
function entryProblem(
  dir: string,
  name: string,
  record: OutputRecord | undefined,
  recordPresent: boolean,
  mayReplace: (name: string) => boolean,
  wroteBefore: ((name: string, content: Buffer) => boolean) | undefined,
): 'foreign' | 'changed' | 'unrecorded' | undefined {
  if (name === OUTPUT_RECORD) return record ? undefined : 'foreign';
  if (!mayReplace(name)) return 'foreign';
  try {
    const path = join(dir, name);
    const st = lstatSync(path);
    if (!st.isFile()) return 'foreign';
    if (record) {
      const was = Object.hasOwn(record.files, name) ? record.files[name] : undefined;
      if (!was) return 'foreign';
      return st.size === was.bytes && sha256(readFileSync(path)) === was.sha256 ? undefined : 'changed';
    }
    // A file of the user's in the record's place: nothing here is known to be ours.
    if (recordPresent) return 'foreign';
    // No record: a directory an earlier version wrote, or the user's own files.
    if (!wroteBefore) return 'unrecorded';
    return st.size <= MAX_RECOGNISED_BYTES && wroteBefore(name, readFileSync(path)) ? undefined : 'foreign';
  } catch {
    return 'foreign';
  }
}

const shown = (names: string[]) => names.slice(0, 3).map((n) => JSON.stringify(n)).join(', ') + (names.length > 3 ? `, and ${names.length - 3} more` : '');

/**
 * Checks that {@link writeDirAtomic} may write `dir`: it is missing, or a directory holding only
 * files an earlier run wrote: each has a name `mayReplace` accepts and is listed, unchanged, in
 * the directory's {@link OUTPUT_RECORD}. A directory without a record (written before bsml kept
 * one) is accepted only when `wroteBefore` recognises each file by its content; without
 * `wroteBefore` it is refused, naming its files, with what to do. Lets a command fail before its
 * work rather than after.
 * @throws {@link OutputDirError}
 */
export function checkReplaceableDir(dir: string, mayReplace: (name: string) => boolean, wroteBefore?: (name: string, content: Buffer) => boolean): void {
  // `-` names stdout on the command line, where a directory cannot go.
  if (dir === '-') throw new OutputDirError('-: this command writes a directory, not stdout; give a directory path');
  const parent = parentProblem(dir);
  if (parent) throw new OutputDirError(`${dir}: ${parent}`);
  const target = resolve(dir);
  if (!existsSync(target)) return;
  let entries: string[];
  try {
    if (!statSync(target).isDirectory()) throw new OutputDirError(`${dir}: exists and is not a directory`);
    entries = readdirSync(target).sort();
  } catch (e) {
    if (e instanceof OutputDirError) throw e;
    throw new OutputDirError(`${dir}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const recordPresent = entries.includes(OUTPUT_RECORD);
  const record = recordPresent ? readRecord(target) : undefined;
  const problems = { foreign: [] as string[], changed: [] as string[], unrecorded: [] as string[] };
  for (const name of entries) {
    const p = entryProblem(target, name, record, recordPresent, mayReplace, wroteBefore);
    if (p) problems[p].push(name);
  }
  const reasons = [];
  if (problems.foreign.length) reasons.push(`holds files this command did not write (${shown(problems.foreign)})`);
  if (problems.changed.length) reasons.push(`holds files changed since this command wrote them (${shown(problems.changed)})`);
  if (problems.unrecorded.length)
    reasons.push(
      `holds files with no ${OUTPUT_RECORD} to show this command wrote them (${shown(problems.unrecorded)}; ` +
        `if they are an older bsml's output, which kept no such record, delete them first)`,
    );
  if (reasons.length) throw new OutputDirError(`${dir}: ${reasons.join('; ')}; give a new or empty directory`);
}

/**
 * Writes `files` (name -> content) as the directory `dir`, with an {@link OUTPUT_RECORD} of them:
 * into a fresh sibling directory first, then renamed into place (atomic on POSIX file systems). An
 * existing `dir` is replaced only when {@link checkReplaceableDir} finds nothing in it but files
 * an earlier run wrote, unchanged; anything else in it makes this refuse, so a user's own files
 * are never removed, whatever their names.
 * @throws {@link OutputDirError} naming the directory and the reason.
 */
export function writeDirAtomic(
  dir: string,
  files: Record<string, string | Uint8Array>,
  mayReplace: (name: string) => boolean,
  wroteBefore?: (name: string, content: Buffer) => boolean,
): void {
  checkReplaceableDir(dir, mayReplace, wroteBefore);
  const target = resolve(dir);
  const parent = dirname(target);
  const tmp = join(parent, `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  try {
    mkdirSync(parent, { recursive: true });
    mkdirSync(tmp);
    for (const [name, data] of Object.entries(files)) writeFileSync(join(tmp, name), data);
    writeFileSync(join(tmp, OUTPUT_RECORD), recordOf(files));
    if (existsSync(target)) {
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { recursive: true, force: true });
    } catch {
      // Nothing was made there.
    }
    throw new OutputDirError(`${dir}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * Whether the file `name` in `dir` is one the directory's {@link OUTPUT_RECORD} lists, unchanged:
 * a file a later {@link writeDirAtomic} may replace. False when the directory has no record.
 */
export function isRecordedUnchanged(dir: string, name: string): boolean {
  const target = resolve(dir);
  const record = readRecord(target);
  return record !== undefined && entryProblem(target, name, record, true, () => true, undefined) === undefined;
}

/**
 * Adds the file `name` in `dir`, as it is now (its size and SHA-256), to the directory's
 * {@link OUTPUT_RECORD}, so that a later {@link writeDirAtomic} may replace it with the rest
 * (scripts/render-report.sh's screenshot). The record is rewritten atomically. Returns false,
 * writing nothing, when the directory has no record (one an older bsml wrote).
 * @throws {@link OutputDirError} when the file cannot be read or the record cannot be written.
 */
export function addToOutputRecord(dir: string, name: string): boolean {
  const target = resolve(dir);
  const record = readRecord(target);
  if (!record) return false;
  const path = join(target, OUTPUT_RECORD);
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    record.files[name] = entryOf(readFileSync(join(target, name)));
    writeFileSync(tmp, recordText(record));
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new OutputDirError(`${dir}: cannot add ${name} to ${OUTPUT_RECORD} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return true;
}

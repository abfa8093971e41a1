/** Writing a model as its JSON file (format v1), as `bsml import -o` does. */
import { checkReplaceableFile, writeFileAtomic, type ReplaceableFile } from '../io/write-file.js';
import type { Model } from './model.js';

/** True for the bytes of a bsml model file (JSON with `format: "bsml-model"`). */
export function isModelFile(content: Uint8Array): boolean {
  try {
    const json = JSON.parse(new TextDecoder().decode(content)) as { format?: unknown } | null;
    return typeof json === 'object' && json !== null && json.format === 'bsml-model';
  } catch {
    return false;
  }
}

const MODEL_FILE: ReplaceableFile = { mayReplace: isModelFile, kind: 'a bsml model file', placeholder: 'MODEL.json' };

/**
 * Throws unless {@link writeModelFile} may write `path`: nothing is there, or a bsml model file
 * (an earlier import). Lets the CLI refuse before importing.
 * @throws {@link OutputFileError}
 */
export function checkModelFileTarget(path: string): void {
  checkReplaceableFile(path, MODEL_FILE);
}

/**
 * Writes `model` as JSON to `path` atomically, making missing parent directories; an existing
 * file is replaced only when it is a bsml model file, so a user's other files (the ONNX source,
 * a CSV) are never overwritten.
 * @throws {@link OutputFileError} naming the path and the reason.
 */
export function writeModelFile(path: string, model: Model): void {
  writeFileAtomic(path, JSON.stringify(model) + '\n', MODEL_FILE);
}

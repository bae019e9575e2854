/**
 * Image references as the CLI splits them: `repo:tag` (the tag is after the last `:` that
 * follows the last `/`, so `localhost:5000/app` has no tag) and `repo@digest`.
 */
import { invalid } from '../../../common/errors.js';

/** `[repository, tag]`; tag `undefined` when absent. */
export function splitRepoTag(ref: string): [repo: string, tag: string | undefined] {
  const at = ref.indexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const colon = name.lastIndexOf(':');
  if (colon < 0 || colon < name.lastIndexOf('/')) return [name, undefined];
  return [name.slice(0, colon), name.slice(colon + 1)];
}

/**
 * Validates a reference given as a tag target (`tag`, `import`).
 * @throws EngineError `invalid` with docker's `invalid reference format` messages.
 */
export function parseTagTarget(ref: string): [repo: string, tag: string | undefined] {
  const [repo, tag] = splitRepoTag(ref);
  if (repo === '' || ref.includes('@') || tag === '' || /\s/.test(ref)) {
    throw invalid(`invalid reference format: ${JSON.stringify(ref)}`);
  }
  if (repo !== repo.toLowerCase()) {
    throw invalid('invalid reference format: repository name must be lowercase');
  }
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) {
    throw invalid(`invalid reference format: ${JSON.stringify(ref)}`);
  }
  return [repo, tag];
}

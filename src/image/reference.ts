/**
 * Image references as Docker parses them (distribution/reference grammar): `[domain/]path[:tag]
 * [@digest]`, normalised so that `busybox`, `library/busybox` and
 * `docker.io/library/busybox:latest` are one name. Tags are stored under the *familiar* form
 * (`busybox:latest`, `quay.io/x/y:1`), which is also what `RepoTags` shows.
 */
import { invalid } from '../common/errors.js';

/** A parsed, normalised reference. */
export interface ImageReference {
  /** Registry host, `docker.io` when none was given. */
  domain: string;
  /** Repository path inside the registry, `library/busybox` for official images. */
  path: string;
  tag?: string;
  digest?: string;
}

export const DEFAULT_DOMAIN = 'docker.io';
export const DEFAULT_TAG = 'latest';
const LEGACY_DOMAIN = 'index.docker.io';
const OFFICIAL_PREFIX = 'library/';
const MAX_NAME_LENGTH = 255;

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = new RegExp(`^${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?$`);
/** Docker's tag grammar. */
export const TAG_PATTERN = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const HEX64 = /^[a-f0-9]{64}$/;

const badFormat = (detail?: string) =>
  invalid(
    detail === undefined ? 'invalid reference format' : `invalid reference format: ${detail}`,
    'INVALID_REFERENCE',
  );

/** True for a component that names a registry rather than a repository (Docker's rule). */
function isDomain(first: string): boolean {
  return (
    first.includes('.') ||
    first.includes(':') ||
    first === 'localhost' ||
    first.toLowerCase() !== first
  );
}

function splitDomain(name: string): { domain: string; path: string } {
  const slash = name.indexOf('/');
  let domain = DEFAULT_DOMAIN;
  let path = name;
  if (slash !== -1 && isDomain(name.slice(0, slash))) {
    domain = name.slice(0, slash);
    path = name.slice(slash + 1);
  }
  if (domain === LEGACY_DOMAIN) domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !path.includes('/')) path = OFFICIAL_PREFIX + path;
  return { domain, path };
}

function checkName(domain: string, path: string): void {
  if (!DOMAIN.test(domain)) throw badFormat();
  for (const component of path.split('/')) {
    if (PATH_COMPONENT.test(component)) continue;
    if (PATH_COMPONENT.test(component.toLowerCase())) {
      throw badFormat('repository name must be lowercase');
    }
    throw badFormat();
  }
  if (domain.length + 1 + path.length > MAX_NAME_LENGTH) {
    throw badFormat(`repository name must not be more than ${MAX_NAME_LENGTH} characters`);
  }
}

/**
 * Parses and normalises `ref`. Throws `invalid` (400, Docker's `invalid reference format`
 * wording) for anything Docker would refuse, including a bare 64-hex name, which would be
 * confused with an image ID.
 */
export function parseReference(ref: string): ImageReference {
  let rest = ref;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at !== -1) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) throw badFormat();
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG_PATTERN.test(tag)) throw badFormat();
  }
  if (rest === '') throw badFormat();
  if (HEX64.test(rest)) {
    throw invalid(
      `invalid repository name (${rest}), cannot specify 64-byte hexadecimal strings`,
      'INVALID_REFERENCE',
    );
  }
  const { domain, path } = splitDomain(rest);
  checkName(domain, path);
  return {
    domain,
    path,
    ...(tag === undefined ? {} : { tag }),
    ...(digest === undefined ? {} : { digest }),
  };
}

/** The short name Docker shows: `busybox`, `me/app`, `quay.io/x/y`. */
export function familiarName(ref: ImageReference): string {
  if (ref.domain !== DEFAULT_DOMAIN) return `${ref.domain}/${ref.path}`;
  const rest = ref.path.slice(OFFICIAL_PREFIX.length);
  return ref.path.startsWith(OFFICIAL_PREFIX) && !rest.includes('/') ? rest : ref.path;
}

/** `familiar:tag` with the tag defaulting to `latest`: the key tags are stored under. */
export function familiarTagged(ref: ImageReference): string {
  return `${familiarName(ref)}:${ref.tag ?? DEFAULT_TAG}`;
}

/**
 * Parses a reference that must name a tag (what `docker tag`, `docker load` and `docker import`
 * create): digests are refused, a missing tag becomes `latest`, and `tag` (when given) replaces
 * the tag in `repo`, as Docker's `RepoTagReference` does.
 */
export function parseTagTarget(repo: string, tag?: string): string {
  const ref = parseReference(repo);
  if (ref.digest !== undefined) {
    throw invalid(`Cannot tag "${repo}": refusing to create a tag with a digest reference`);
  }
  if (tag !== undefined && tag !== '') {
    if (!TAG_PATTERN.test(tag)) throw invalid(`invalid tag format: "${tag}"`, 'INVALID_REFERENCE');
    return familiarTagged({ ...ref, tag });
  }
  return familiarTagged(ref);
}

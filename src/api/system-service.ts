import type { InfoResponse, VersionResponse } from '../api-types/system.js';

/**
 * What the API layer needs from the daemon to answer `/version`, `/info` and to fill the
 * `Server` header. The daemon owns the facts (build, kernel, counts); the API only serializes
 * them, so it never reaches into the kernel or store itself.
 */
export interface SystemService {
  /** Static build facts; `Version` also goes into every response's `Server: Pouch/<v> (linux)`. */
  version(): VersionResponse;
  /** A fresh snapshot of daemon state for `GET /info`. */
  info(): InfoResponse;
}

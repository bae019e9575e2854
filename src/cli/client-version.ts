/**
 * The CLI's own version and platform, for `pouch version` and `-v`. The version is read from the
 * package manifest at run time so a release bump needs no code change.
 */
import { readFileSync } from 'node:fs';

/** What `pouch version` shows under `Client:`. */
export interface ClientVersionInfo {
  Version: string;
  NodeVersion: string;
  Os: string;
  Arch: string;
}

/** Go's GOARCH names, which users of docker/pouch expect to see. */
const GO_ARCH: Record<string, string> = { x64: 'amd64', ia32: '386', arm: 'arm', arm64: 'arm64' };

/** The version in package.json (three levels above dist/src/cli/), or `unknown`. */
export function clientVersion(): string {
  try {
    const manifest: unknown = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    );
    const version = (manifest as { version?: unknown }).version;
    return typeof version === 'string' ? version : 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Version and platform of this process. */
export function clientVersionInfo(): ClientVersionInfo {
  return {
    Version: clientVersion(),
    NodeVersion: process.version,
    Os: process.platform,
    Arch: GO_ARCH[process.arch] ?? process.arch,
  };
}

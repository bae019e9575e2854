import { invalid } from '../common/errors.js';

/** PouchContainer's network modes (HostConfig.NetworkMode). */
export type NetworkMode =
  | { kind: 'bridge'; network: string }
  | { kind: 'host' }
  | { kind: 'none' }
  | { kind: 'container'; target: string };

/** `bridge` (default), `host`, `none`, `container:<name|id>` or a user-defined network name. */
export function parseNetworkMode(mode: string | undefined): NetworkMode {
  if (mode === undefined || mode === '' || mode === 'default' || mode === 'bridge') {
    return { kind: 'bridge', network: 'bridge' };
  }
  if (mode === 'host') return { kind: 'host' };
  if (mode === 'none') return { kind: 'none' };
  if (mode.startsWith('container:')) {
    const target = mode.slice('container:'.length);
    if (target === '')
      throw invalid('invalid network mode "container:": give a container name or ID');
    return { kind: 'container', target };
  }
  if (mode.startsWith('netns:')) throw invalid(`network mode "${mode}" is not supported`);
  return { kind: 'bridge', network: mode };
}

/** The network-mode string as it is stored and shown. */
export function formatNetworkMode(mode: NetworkMode): string {
  switch (mode.kind) {
    case 'bridge':
      return mode.network;
    case 'container':
      return `container:${mode.target}`;
    default:
      return mode.kind;
  }
}

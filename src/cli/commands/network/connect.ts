/**
 * `pouch network connect` and `disconnect`: the client side of attaching a container to a
 * network. Bodies follow Docker's `NetworkConnect` / `NetworkDisconnect`.
 */
import type { Command } from 'commander';
import type {
  NetworkConnectRequest,
  NetworkDisconnectRequest,
} from '../../../api-types/network-connect.js';
import type { CommandContext } from '../../command-context.js';
import { pathSegment } from '../../client.js';
import { collect } from '../../key-value.js';

/** The flags of `network connect`. */
export interface NetworkConnectOptions {
  ip?: string;
  ip6?: string;
  alias?: string[];
  link?: string[];
  linkLocalIp?: string[];
}

/** Builds the `POST /networks/{id}/connect` body. Pure, for tests. */
export function buildNetworkConnectRequest(
  container: string,
  opts: NetworkConnectOptions,
): NetworkConnectRequest {
  return {
    Container: container,
    EndpointConfig: {
      IPAMConfig: {
        IPv4Address: opts.ip ?? '',
        IPv6Address: opts.ip6 ?? '',
        LinkLocalIPs: opts.linkLocalIp ?? [],
      },
      Aliases: opts.alias ?? [],
      Links: opts.link ?? [],
    },
  };
}

/** Adds `connect` to the `network` group. */
export function registerNetworkConnect(network: Command, ctx: CommandContext): void {
  network
    .command('connect')
    .description('Connect a container to a network')
    .usage('[OPTIONS] NETWORK CONTAINER')
    .argument('<network>', 'network name or ID')
    .argument('<container>', 'container name or ID')
    .option('--ip <address>', 'IPv4 address of the container in the network')
    .option('--ip6 <address>', 'IPv6 address of the container in the network')
    .option('--alias <name>', 'network-scoped alias for the container (repeatable)', collect)
    .option('--link <container:alias>', 'link to another container (repeatable)', collect)
    .option(
      '--link-local-ip <address>',
      'link-local address of the container (repeatable)',
      collect,
    )
    .action(
      async (net: string, container: string, opts: NetworkConnectOptions, command: Command) => {
        const body = buildNetworkConnectRequest(container, opts);
        await ctx.clientFor(command).post(`/networks/${pathSegment(net)}/connect`, body);
        ctx.io.stdout(`container ${container} is connected to network ${net}\n`);
      },
    );
}

/** Adds `disconnect` to the `network` group. */
export function registerNetworkDisconnect(network: Command, ctx: CommandContext): void {
  network
    .command('disconnect')
    .description('Disconnect a container from a network')
    .usage('[OPTIONS] NETWORK CONTAINER')
    .argument('<network>', 'network name or ID')
    .argument('<container>', 'container name or ID')
    .option('-f, --force', 'force the container to disconnect from the network')
    .action(async (net: string, container: string, opts: { force?: boolean }, command: Command) => {
      const body: NetworkDisconnectRequest = { Container: container, Force: opts.force === true };
      await ctx.clientFor(command).post(`/networks/${pathSegment(net)}/disconnect`, body);
      ctx.io.stdout(`container ${container} is disconnected from network ${net}\n`);
    });
}

/** `pouch network create`: flags → request (create-request.ts) → `<name>: <id>`. */
import type { Command } from 'commander';
import type { NetworkCreateResponse } from '../../../api-types/network.js';
import type { CommandContext } from '../../command-context.js';
import { collect } from '../../key-value.js';
import { buildNetworkCreateRequest, type NetworkCreateOptions } from './create-request.js';

/** Adds `create` to the `network` group. */
export function registerNetworkCreate(network: Command, ctx: CommandContext): void {
  network
    .command('create')
    .description('Create a pouch network')
    .usage('[OPTIONS] [NAME]')
    .argument('[name]', 'the network name (wins over --name)')
    .option('-n, --name <name>', 'the name of network')
    .option('-d, --driver <driver>', 'the driver of network', 'bridge')
    .option('--gateway <ip>', 'the gateway of network (repeatable, one per subnet)', collect)
    .option('--ip-range <cidr>', 'the range of IP addresses (repeatable, one per subnet)', collect)
    .option(
      '--subnet <cidr>',
      'the subnet of network (repeatable, one per address family)',
      collect,
    )
    .option('--ipam-driver <driver>', 'the IP address management driver of network', 'default')
    .option('--ipam-opt <key=value>', 'the options of the IPAM driver (repeatable)', collect)
    .option(
      '--aux-address <name=ip>',
      'an address the IPAM driver must not hand out (repeatable)',
      collect,
    )
    .option('--enable-ipv6', 'enable IPv6 networking')
    .option('--internal', 'restrict external access to the network')
    .option('-o, --option <key=value>', 'the options of network driver (repeatable)', collect)
    .option('-l, --label <key=value>', 'a label on the network (repeatable)', collect)
    .action(async (name: string | undefined, opts: NetworkCreateOptions, command: Command) => {
      const request = buildNetworkCreateRequest(
        name === undefined ? opts : { ...opts, positionalName: name },
      );
      const client = ctx.clientFor(command);
      const response = await client.post<NetworkCreateResponse>('/networks/create', request);
      if (response.Warning) ctx.io.stderr(`WARNING: ${response.Warning}\n`);
      ctx.io.stdout(`${request.Name}: ${response.Id}\n`);
    });
}

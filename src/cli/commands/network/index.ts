/** The `pouch network` command group and its subcommands. */
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { makeCommandGroup } from '../../command-group.js';
import { registerNetworkConnect, registerNetworkDisconnect } from './connect.js';
import { registerNetworkCreate } from './create.js';
import { registerNetworkInspect } from './inspect.js';
import { registerNetworkList } from './list.js';
import { registerNetworkPrune } from './prune.js';
import { registerNetworkRemove } from './remove.js';

/** Adds `network` and its subcommands to `program`. */
export function registerNetworkCommands(program: Command, ctx: CommandContext): void {
  const network = program.command('network').description('Manage pouch networks');
  registerNetworkCreate(network, ctx);
  registerNetworkRemove(network, ctx);
  registerNetworkInspect(network, ctx);
  registerNetworkList(network, ctx);
  registerNetworkPrune(network, ctx);
  registerNetworkConnect(network, ctx);
  registerNetworkDisconnect(network, ctx);
  makeCommandGroup(network, 'pouch network');
}

/**
 * The `pouch` command tree: global flags, then the command groups. Output and exits are routed
 * through the CliIo and thrown errors so one run never touches process state directly.
 */
import { Command } from 'commander';
import { clientVersion } from './client-version.js';
import type { CommandContext } from './command-context.js';
import { makeCommandGroup } from './command-group.js';
import { DEFAULT_HOST } from './daemon-address.js';
import { registerNetworkCommands } from './commands/network/index.js';
import { registerInfo } from './commands/system/info.js';
import { registerVersion } from './commands/system/version.js';

/** Builds the program for one run; commander's exits become thrown CommanderErrors. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('pouch');
  program
    .description('An efficient container engine (client of pouchd)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.io.stdout(text),
      writeErr: (text) => ctx.io.stderr(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'Error: ')),
    })
    .helpCommand(true)
    .version(
      `pouch version ${clientVersion()}`,
      '-v, --version',
      'print the client version and quit',
    )
    .option(
      '-H, --host <host>',
      `address of pouchd: unix://PATH or tcp://HOST:PORT (env POUCH_HOST, default ${DEFAULT_HOST})`,
    )
    .option('--tls', 'use TLS for a tcp:// host (implied by the other --tls* flags)')
    .option('--tlsverify', 'use TLS and verify the daemon certificate against --tlscacert')
    .option('--tlscacert <file>', 'trust certificates signed by this CA')
    .option('--tlscert <file>', 'client certificate for TLS')
    .option('--tlskey <file>', 'client key for TLS')
    .option('--debug', 'print each request and response status to stderr');
  registerNetworkCommands(program, ctx);
  registerVersion(program, ctx);
  registerInfo(program, ctx);
  return makeCommandGroup(program, 'pouch');
}

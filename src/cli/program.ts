/**
 * The `pouch` command tree: global flags, then the command groups. Output and exits are routed
 * through the CliIo and thrown errors so one run never touches process state directly.
 */
import { Command, Option } from 'commander';
import { clientVersion } from './client-version.js';
import type { CommandContext } from './command-context.js';
import { makeCommandGroup } from './command-group.js';
import { DEFAULT_HOST } from './daemon-address.js';
import { registerContainerCommands } from './commands/container/index.js';
import { registerImageCommands } from './commands/image/index.js';
import { registerNetworkCommands } from './commands/network/index.js';
import { registerInfo } from './commands/system/info.js';
import { registerVersion } from './commands/system/version.js';

/** Builds the program for one run; commander's exits become thrown CommanderErrors. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('pouch');
  program
    .description('An efficient container engine (client of pouchd)')
    .exitOverride()
    // Global flags go before the command, so `run IMAGE CMD -v` reaches the container.
    .enablePositionalOptions()
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
  registerContainerCommands(program, ctx);
  registerImageCommands(program, ctx);
  registerNetworkCommands(program, ctx);
  registerVersion(program, ctx);
  registerInfo(program, ctx);
  acceptGlobalFlagsAfterCommands(program);
  return makeCommandGroup(program, 'pouch');
}

/**
 * Positional options (needed so `run IMAGE CMD -v` reaches the container) make the program's
 * flags valid only before the command; docker also takes them after it (`network ls --debug`),
 * so every subcommand gets hidden copies. `optsWithGlobals()` merges both places.
 */
function acceptGlobalFlagsAfterCommands(program: Command): void {
  const globals = program.options.filter((o) => o.long !== '--version');
  const visit = (command: Command): void => {
    for (const sub of command.commands) {
      for (const option of globals) {
        sub.addOption(new Option(option.flags, option.description).hideHelp());
      }
      visit(sub);
    }
  };
  visit(program);
}

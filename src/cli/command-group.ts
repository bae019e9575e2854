/**
 * Behaviour shared by commands that only hold subcommands (`pouch`, `pouch network`): alone
 * they print their help, and an unknown subcommand gets PouchContainer's message instead of
 * commander's.
 */
import type { Command } from 'commander';
import { invalid } from '../common/errors.js';

/**
 * Makes `command` a group. `path` is how the user typed it (`pouch network`), used in the
 * `command '<path> X' does not exist.` message.
 */
export function makeCommandGroup(command: Command, path: string): Command {
  return command
    .usage('[command]')
    .argument('[command]')
    .allowExcessArguments(true)
    .action((name: string | undefined) => {
      if (name === undefined) {
        command.outputHelp();
        return;
      }
      throw invalid(
        `command '${path} ${name}' does not exist.\nPlease execute '${path} --help' for help.`,
        'UNKNOWN_COMMAND',
      );
    });
}

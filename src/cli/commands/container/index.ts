/** The container commands (`create`, `run`, `start`, `ps`, `logs`, `exec`, …). */
import type { Command } from 'commander';
import type { CommandContext } from '../../command-context.js';
import { registerCreate } from './create.js';
import { registerExec } from './exec.js';
import { registerInspect } from './inspect.js';
import { registerLifecycleCommands } from './lifecycle.js';
import { registerPs } from './list.js';
import { registerLogs } from './logs.js';
import { registerPort } from './port.js';
import { registerRun } from './run.js';
import { registerStart } from './start.js';

/** Adds the container commands to `program`. */
export function registerContainerCommands(program: Command, ctx: CommandContext): void {
  registerCreate(program, ctx);
  registerRun(program, ctx);
  registerStart(program, ctx);
  registerLifecycleCommands(program, ctx);
  registerPs(program, ctx);
  registerInspect(program, ctx);
  registerLogs(program, ctx);
  registerExec(program, ctx);
  registerPort(program, ctx);
}

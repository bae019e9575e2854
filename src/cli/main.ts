/** Entry point of `pouch` (bin/pouch imports the compiled form of this file). */
import { processIo } from './io.js';
import { runCli } from './run.js';

process.exitCode = await runCli(process.argv.slice(2), processIo());

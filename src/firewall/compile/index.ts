/** The pure nft compiler: records in, `nft -f` text out. */
export { compileTable, TABLE } from './compile-table.js';
export {
  compileAddNetwork,
  compileAddPorts,
  compileRemoveNetwork,
  compileRemovePorts,
} from './compile-delta.js';
export { TABLE_FAMILY, TABLE_NAME, TABLE_REF } from './names.js';
export { validateNetwork, validatePort } from './validate.js';

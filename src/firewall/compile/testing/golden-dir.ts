/**
 * Where the golden files live. Tests run from dist/, the goldens stay in src/, so the path is
 * resolved from this module's compiled location (dist/src/firewall/compile/testing/).
 */
/** URL of src/firewall/compile/testdata/ (with a trailing slash). */
export const GOLDEN_DIR = new URL('../../../../../src/firewall/compile/testdata/', import.meta.url);

/**
 * The `filters` query parameter of list and prune endpoints, before JSON encoding.
 *
 * Docker's current encoding maps each key to a set written as `{"value": true}`; clients before
 * API 1.22 sent a list (`{"name": ["web"]}`). The server accepts both, so the CLI may send this
 * list form, encoded with `JSON.stringify`.
 */
export type FilterArgs = Record<string, string[]>;

/** The set form Docker's own clients send (`{"label": {"env=prod": true}}`). */
export type FilterArgsSetForm = Record<string, Record<string, boolean>>;

import { conflict, invalid, notFound } from '../common/errors.js';
import type { Store } from '../store/store.js';
import { CONTAINERS, type ContainerRecord } from './records.js';

/** Container records in memory, written through to the store; lookups by ID, prefix or name. */
export class ContainerRegistry {
  private readonly byId = new Map<string, ContainerRecord>();
  private readonly byName = new Map<string, ContainerRecord>();

  constructor(private readonly store: Store) {
    for (const { value } of store.list<ContainerRecord>(CONTAINERS)) this.index(value);
  }

  private index(c: ContainerRecord): void {
    this.byId.set(c.id, c);
    this.byName.set(c.name, c);
  }

  all(): ContainerRecord[] {
    return [...this.byId.values()];
  }

  /** Persists the record (after any change to it). */
  save(c: ContainerRecord): void {
    this.store.put(CONTAINERS, c.id, c);
    this.index(c);
  }

  delete(c: ContainerRecord): void {
    this.store.delete(CONTAINERS, c.id);
    this.byId.delete(c.id);
    if (this.byName.get(c.name) === c) this.byName.delete(c.name);
  }

  nameTaken(name: string): boolean {
    return this.byName.has(name);
  }

  /** Refuses a name that another container holds, with Docker's message. */
  reserveName(name: string): void {
    const holder = this.byName.get(name);
    if (holder !== undefined) {
      throw conflict(
        `Conflict. The container name "/${name}" is already in use by container "${holder.id}". You have to remove (or rename) that container to be able to reuse that name.`,
        'NAME_IN_USE',
      );
    }
  }

  /** By name (with or without `/`), full ID, or unique ID prefix; undefined when none. */
  find(ref: string): ContainerRecord | undefined {
    const bare = ref.startsWith('/') ? ref.slice(1) : ref;
    if (bare === '') return undefined;
    const named = this.byName.get(bare);
    if (named !== undefined) return named;
    const exact = this.byId.get(bare);
    if (exact !== undefined) return exact;
    const matches = [...this.byId.values()].filter((c) => c.id.startsWith(bare));
    if (matches.length > 1) throw invalid(`multiple IDs found with provided prefix: ${bare}`);
    return matches[0];
  }

  get(ref: string): ContainerRecord {
    const c = this.find(ref);
    if (c === undefined) throw notFound(`No such container: ${ref}`, 'CONTAINER_NOT_FOUND');
    return c;
  }
}

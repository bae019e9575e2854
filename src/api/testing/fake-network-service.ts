/**
 * An in-memory NetworkService for API tests. It keeps the controller's contract (errors by kind,
 * Docker's messages, predefined `bridge`/`host`/`none`, forbidden removals) without touching
 * the kernel, and records every call so tests can prove a rejected request never reached it.
 */
import { createHash } from 'node:crypto';
import { conflict, forbidden, invalid, notFound } from '../../common/errors.js';
import type {
  AttachedEndpointView,
  NetworkService,
  NetworkSpec,
  NetworkView,
} from '../../network/types.js';

/** One recorded call: method name and arguments as passed. */
export interface FakeCall {
  method: keyof NetworkService;
  args: unknown[];
}

/** The fake: a NetworkService plus the hooks tests use to arrange state and spy on calls. */
export interface FakeNetworkService extends NetworkService {
  readonly calls: FakeCall[];
  /** Inserts a network directly (e.g. with an old `created`), bypassing createNetwork. */
  addNetwork(fields: Partial<NetworkView> & { name: string }): NetworkView;
  /** Attaches a container endpoint so the network counts as in use. */
  attachEndpoint(network: string, endpoint: Partial<AttachedEndpointView>): AttachedEndpointView;
}

/** Options of {@link createFakeNetworkService}. */
export interface FakeNetworkOptions {
  /** Clock for `created`; defaults to Date.now. */
  nowMs?: () => number;
}

const PREDEFINED: Array<Partial<NetworkView> & { name: string }> = [
  {
    name: 'bridge',
    driver: 'bridge',
    ipam: {
      driver: 'default',
      options: {},
      config: [{ subnet: '172.17.0.0/16', gateway: '172.17.0.1' }],
    },
    options: { 'com.docker.network.bridge.default_bridge': 'true' },
  },
  { name: 'host', driver: 'host' },
  { name: 'none', driver: 'null' },
];

function hexId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

function newView(
  fields: Partial<NetworkView> & { name: string },
  id: string,
  created: string,
): NetworkView {
  return {
    id,
    driver: 'bridge',
    scope: 'local',
    created,
    enableIPv6: false,
    internal: false,
    attachable: false,
    predefined: false,
    ipam: { driver: 'default', options: {}, config: [] },
    options: {},
    labels: {},
    endpoints: [],
    ...fields,
  };
}

function viewFromSpec(spec: NetworkSpec): Partial<NetworkView> & { name: string } {
  return {
    name: spec.name,
    driver: spec.driver ?? 'bridge',
    enableIPv6: spec.enableIPv6 ?? false,
    internal: spec.internal ?? false,
    attachable: spec.attachable ?? false,
    ipam: {
      driver: spec.ipam?.driver ?? 'default',
      options: spec.ipam?.options ?? {},
      config: (spec.ipam?.config ?? []).map((c) => ({ ...c, subnet: c.subnet ?? '' })),
    },
    options: spec.options ?? {},
    labels: spec.labels ?? {},
  };
}

/** The fake's mutable state, shared by the helpers below. */
interface FakeState {
  networks: Map<string, NetworkView>;
  calls: FakeCall[];
  nowMs: () => number;
  counter: number;
}

function add(state: FakeState, fields: Partial<NetworkView> & { name: string }): NetworkView {
  const id = hexId(`${fields.name}#${state.counter++}`);
  const view = newView(fields, id, new Date(state.nowMs()).toISOString());
  state.networks.set(view.id, view);
  return view;
}

/** Exact name, then full ID, then unique ID prefix: the controller's lookup order. */
function find(state: FakeState, idOrName: string): NetworkView {
  const all = [...state.networks.values()];
  const exact = all.find((n) => n.name === idOrName) ?? state.networks.get(idOrName);
  if (exact !== undefined) return exact;
  const byPrefix = all.filter((n) => n.id.startsWith(idOrName));
  if (byPrefix.length > 1) {
    throw invalid(
      `network ${idOrName} is ambiguous (${byPrefix.length} matches found based on ID prefix)`,
    );
  }
  if (byPrefix[0] === undefined) {
    throw notFound(`network ${idOrName} not found`, 'NETWORK_NOT_FOUND');
  }
  return byPrefix[0];
}

/** A crude overlap check (equal subnets) so tests can see a forbidden create. */
function checkSubnets(state: FakeState, spec: NetworkSpec): void {
  for (const { subnet } of spec.ipam?.config ?? []) {
    if (subnet === undefined) continue;
    const clash = [...state.networks.values()].find((n) =>
      n.ipam.config.some((c) => c.subnet === subnet),
    );
    if (clash !== undefined) {
      throw forbidden(
        `Cannot create network "${spec.name}": subnet ${subnet} overlaps with network "${clash.name}"`,
        'POOL_OVERLAP',
      );
    }
  }
}

function checkRemovable(view: NetworkView): void {
  if (view.predefined) {
    throw forbidden(
      `${view.name} is a pre-defined network and cannot be removed`,
      'PREDEFINED_NETWORK',
    );
  }
  if (view.endpoints.length > 0) {
    throw forbidden(`network ${view.name} has active endpoints`, 'NETWORK_IN_USE');
  }
}

function serviceOver(state: FakeState): NetworkService {
  const { networks, calls } = state;
  return {
    async createNetwork(spec: NetworkSpec) {
      calls.push({ method: 'createNetwork', args: [spec] });
      if (spec.name === '') throw invalid('Cannot create network "": name is empty');
      if ([...networks.values()].some((n) => n.name === spec.name)) {
        throw conflict(`network with name ${spec.name} already exists`, 'NETWORK_EXISTS');
      }
      checkSubnets(state, spec);
      return { id: add(state, viewFromSpec(spec)).id };
    },
    getNetwork(idOrName: string) {
      calls.push({ method: 'getNetwork', args: [idOrName] });
      return find(state, idOrName);
    },
    listNetworks() {
      calls.push({ method: 'listNetworks', args: [] });
      return [...networks.values()];
    },
    async removeNetwork(idOrName: string) {
      calls.push({ method: 'removeNetwork', args: [idOrName] });
      const view = find(state, idOrName);
      checkRemovable(view);
      networks.delete(view.id);
    },
    async pruneNetworks(select: (n: NetworkView) => boolean) {
      calls.push({ method: 'pruneNetworks', args: [select] });
      const doomed = [...networks.values()].filter(
        (n) => !n.predefined && n.endpoints.length === 0 && select(n),
      );
      for (const n of doomed) networks.delete(n.id);
      return doomed.map((n) => n.name);
    },
  } satisfies NetworkService;
}

function attach(
  state: FakeState,
  network: string,
  fields: Partial<AttachedEndpointView>,
): AttachedEndpointView {
  const endpoint: AttachedEndpointView = {
    containerId: hexId(`container#${state.counter++}`),
    name: 'c1',
    endpointId: hexId(`endpoint#${state.counter++}`),
    macAddress: '02:42:ac:11:00:02',
    ipv4Address: '',
    ipv6Address: '',
    ...fields,
  };
  find(state, network).endpoints.push(endpoint);
  return endpoint;
}

/** Creates the fake with the three predefined networks in place. */
export function createFakeNetworkService(options: FakeNetworkOptions = {}): FakeNetworkService {
  const state: FakeState = {
    networks: new Map(),
    calls: [],
    nowMs: options.nowMs ?? Date.now,
    counter: 0,
  };
  for (const fields of PREDEFINED) add(state, { ...fields, predefined: true });
  return Object.assign(serviceOver(state), {
    calls: state.calls,
    addNetwork: (fields: Partial<NetworkView> & { name: string }) => add(state, fields),
    attachEndpoint: (network: string, fields: Partial<AttachedEndpointView>) =>
      attach(state, network, fields),
  });
}

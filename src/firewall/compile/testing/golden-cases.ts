/**
 * The golden-file cases of the compiler: the option matrix (masquerade × icc × internal for
 * networks; protocol × host address any/specific/127.0.0.1/IPv6 for a range of three ports),
 * each compiled by the function a real change would use. Shared by the pure golden test and by
 * the integration test that checks every golden with `nft -c` against the kernel.
 */
import type { FirewallState, NetworkRules, PortMapping, Protocol } from '../../types.js';
import {
  compileAddNetwork,
  compileAddPorts,
  compileRemoveNetwork,
  compileRemovePorts,
} from '../compile-delta.js';
import { compileTable } from '../compile-table.js';

/** One golden case: `testdata/<name>.nft` must equal `compile()`. */
export interface GoldenCase {
  name: string;
  /** Whether the text is a delta (needs the table in place for `nft -c`). */
  delta: boolean;
  compile: () => string;
}

const ID = 'c0ffee0123456789';

function network(masquerade: boolean, icc: boolean, internal: boolean): NetworkRules {
  const n = (masquerade ? 4 : 0) + (icc ? 2 : 0) + (internal ? 1 : 0);
  return {
    id: `${ID}${n}`,
    bridge: `br-golden${n}`,
    subnets: [`10.60.${n}.0/24`, `fd00:60:${n}::/64`],
    masquerade,
    icc,
    internal,
  };
}

const HOSTS = {
  any4: { family: 4, hostIp: '', containerIp: '10.60.4.2' },
  ip4: { family: 4, hostIp: '198.18.0.1', containerIp: '10.60.4.2' },
  loopback: { family: 4, hostIp: '127.0.0.1', containerIp: '10.60.4.2' },
  ip6: { family: 6, hostIp: 'fd00:198:18::1', containerIp: 'fd00:60:4::2' },
} as const;

/** Three ports (8080-8082 → 80-82) of one protocol on one kind of host address. */
export function portRange(proto: Protocol, host: keyof typeof HOSTS): PortMapping[] {
  const h = HOSTS[host];
  return [0, 1, 2].map((i) => ({
    owner: `ep${ID}`,
    proto,
    family: h.family,
    hostIp: h.hostIp,
    hostPort: 8080 + i,
    containerIp: h.containerIp,
    containerPort: 80 + i,
  }));
}

const BOOLS = [true, false] as const;
const NETWORKS = BOOLS.flatMap((m) => BOOLS.flatMap((i) => BOOLS.map((x) => network(m, i, x))));
const PROTOS: Protocol[] = ['tcp', 'udp', 'sctp'];
const HOST_KINDS = Object.keys(HOSTS) as (keyof typeof HOSTS)[];

function flag(on: boolean, name: string): string {
  return on ? name : `no${name}`;
}

function networkName(net: NetworkRules): string {
  return [flag(net.masquerade, 'masq'), flag(net.icc, 'icc'), flag(net.internal, 'internal')].join(
    '-',
  );
}

/** A state with every network of the matrix and every port case. */
export const FULL_STATE: FirewallState = {
  networks: NETWORKS,
  ports: PROTOS.flatMap((p) => HOST_KINDS.map((h) => portRange(p, h))).flat(),
};

/** Every golden case. */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: 'table-empty', delta: false, compile: () => compileTable({ networks: [], ports: [] }) },
  { name: 'table-full', delta: false, compile: () => compileTable(FULL_STATE) },
  ...NETWORKS.flatMap((net) => [
    { name: `network-add-${networkName(net)}`, delta: true, compile: () => compileAddNetwork(net) },
    {
      name: `network-remove-${networkName(net)}`,
      delta: true,
      compile: () => compileRemoveNetwork(net),
    },
  ]),
  ...PROTOS.flatMap((p) =>
    HOST_KINDS.flatMap((h) => [
      { name: `ports-add-${p}-${h}`, delta: true, compile: () => compileAddPorts(portRange(p, h)) },
      {
        name: `ports-remove-${p}-${h}`,
        delta: true,
        compile: () => compileRemovePorts(portRange(p, h)),
      },
    ]),
  ),
];

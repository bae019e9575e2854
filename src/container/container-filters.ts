import type { ContainerSummaryDto } from '../api-types/container.js';
import { invalid } from '../common/errors.js';
import type { ContainerRegistry } from './container-registry.js';

function matchLabel(labels: Record<string, string>, spec: string): boolean {
  const eq = spec.indexOf('=');
  if (eq < 0) return spec in labels;
  return labels[spec.slice(0, eq)] === spec.slice(eq + 1);
}

type Predicate = (c: ContainerSummaryDto, value: string) => boolean;

/** `ps --filter` keys as Docker has them; values of one key are OR-ed, keys AND-ed. */
function predicates(registry: ContainerRegistry): Record<string, Predicate> {
  return {
    label: (c, v) => matchLabel(c.Labels, v),
    name: (c, v) => c.Names.some((n) => n.slice(1).includes(v.replace(/^\//, ''))),
    id: (c, v) => c.Id.startsWith(v),
    // Values are checked at the API edge (api/container-filters.ts).
    status: (c, v) => c.State === v,
    network: (c, v) =>
      Object.entries(c.NetworkSettings.Networks).some(
        ([name, ep]) => name === v || (ep.NetworkID !== '' && ep.NetworkID.startsWith(v)),
      ),
    ancestor: (c, v) =>
      c.Image === v ||
      c.ImageID === v ||
      c.ImageID === `sha256:${v}` ||
      c.ImageID.startsWith(`sha256:${v}`),
    exited: (c, v) => {
      const rec = registry.find(c.Id);
      return c.State === 'exited' && String(rec?.state.exitCode) === v;
    },
  };
}

export function filterContainers(
  list: ContainerSummaryDto[],
  filters: Record<string, string[]>,
  registry: ContainerRegistry,
): ContainerSummaryDto[] {
  const preds = predicates(registry);
  for (const key of Object.keys(filters)) {
    if (!(key in preds)) throw invalid(`invalid filter '${key}'`);
  }
  return list.filter((c) =>
    Object.entries(filters).every(
      ([key, values]) => values.length === 0 || values.some((v) => preds[key]?.(c, v) ?? false),
    ),
  );
}

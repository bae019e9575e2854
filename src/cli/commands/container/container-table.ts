/**
 * The `pouch ps` table in docker's layout: `CONTAINER ID   IMAGE   COMMAND   CREATED   STATUS
 * PORTS   NAMES`, IDs cut to 12 characters, the command quoted and cut to 20 characters, times
 * relative to now, port ranges collapsed (`0.0.0.0:8000-8002->8000-8002/tcp`). Pure.
 */
import type { ContainerSummaryDto } from '../../../api-types/container.js';
import { timeAgo } from '../../human-units.js';
import { formatTable } from '../../tabwriter.js';

/** Docker prints this many characters of an ID. */
export const SHORT_ID_LENGTH = 12;
const COMMAND_WIDTH = 20;

export interface ContainerTableOptions {
  quiet?: boolean;
  noTrunc?: boolean;
  /** Milliseconds since the epoch, for the CREATED column. */
  nowMs: number;
}

type SummaryPort = ContainerSummaryDto['Ports'][number];

/** Cuts `text` to `width` characters, the last one an ellipsis (docker's `Ellipsis`). */
export function ellipsis(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

/** Strips `sha256:` and keeps 12 characters (`noTrunc`: the whole ID). */
export function shortenId(id: string, noTrunc = false): string {
  const bare = id.replace(/^sha256:/, '');
  return noTrunc ? bare : bare.slice(0, SHORT_ID_LENGTH);
}

interface PortRun {
  ip: string;
  type: string;
  privateStart: number;
  privateEnd: number;
  publicStart?: number;
}

function extend(run: PortRun | undefined, port: SummaryPort): boolean {
  if (!run || run.type !== port.Type || run.ip !== (port.IP ?? '')) return false;
  if (port.PrivatePort !== run.privateEnd + 1) return false;
  if (run.publicStart === undefined) return port.PublicPort === undefined;
  return port.PublicPort === run.publicStart + (port.PrivatePort - run.privateStart);
}

function range(start: number, end: number): string {
  return start === end ? String(start) : `${start}-${end}`;
}

function describeRun(run: PortRun): string {
  const container = `${range(run.privateStart, run.privateEnd)}/${run.type}`;
  if (run.publicStart === undefined) return container;
  const publicEnd = run.publicStart + (run.privateEnd - run.privateStart);
  return `${run.ip}:${range(run.publicStart, publicEnd)}->${container}`;
}

/** The PORTS cell: published ports first, consecutive ports collapsed into ranges. */
export function formatPorts(ports: readonly SummaryPort[] | null | undefined): string {
  const sorted = [...(ports ?? [])].sort(
    (a, b) =>
      Number(a.PublicPort === undefined) - Number(b.PublicPort === undefined) ||
      (a.IP ?? '').localeCompare(b.IP ?? '') ||
      a.Type.localeCompare(b.Type) ||
      a.PrivatePort - b.PrivatePort,
  );
  const runs: PortRun[] = [];
  for (const port of sorted) {
    const last = runs[runs.length - 1];
    if (last && extend(last, port)) {
      last.privateEnd = port.PrivatePort;
      continue;
    }
    const run: PortRun = {
      ip: port.IP ?? '',
      type: port.Type,
      privateStart: port.PrivatePort,
      privateEnd: port.PrivatePort,
    };
    if (port.PublicPort !== undefined) run.publicStart = port.PublicPort;
    runs.push(run);
  }
  return runs.map(describeRun).join(', ');
}

/** The NAMES cell: names without `/`, link names (`/a/b`) left out unless `noTrunc`. */
function formatNames(names: readonly string[] | null | undefined, noTrunc: boolean): string {
  const bare = (names ?? []).map((n) => n.replace(/^\//, ''));
  return (noTrunc ? bare : bare.filter((n) => !n.includes('/'))).join(',');
}

function statusCell(c: ContainerSummaryDto): string {
  if (c.Status) return c.Status;
  const state = c.State ?? '';
  return state.charAt(0).toUpperCase() + state.slice(1);
}

/** Renders `pouch ps` output. */
export function renderContainerList(
  containers: readonly ContainerSummaryDto[],
  options: ContainerTableOptions,
): string {
  const noTrunc = options.noTrunc === true;
  if (options.quiet) return containers.map((c) => `${shortenId(c.Id, noTrunc)}\n`).join('');
  const rows = [['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES']];
  for (const c of containers) {
    const image = c.Image.startsWith('sha256:') ? shortenId(c.Image, noTrunc) : c.Image;
    const command = noTrunc ? c.Command : ellipsis(c.Command ?? '', COMMAND_WIDTH);
    rows.push([
      shortenId(c.Id, noTrunc),
      image,
      JSON.stringify(command ?? ''),
      timeAgo(c.Created, options.nowMs),
      statusCell(c),
      formatPorts(c.Ports),
      formatNames(c.Names, noTrunc),
    ]);
  }
  return formatTable(rows, { padding: 3 });
}

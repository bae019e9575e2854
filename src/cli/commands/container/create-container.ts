/**
 * The request side shared by `create` and `run`: reads `--env-file`s, builds the body, creates
 * the container (printing the daemon's warnings) and connects it to the networks after the
 * first, since API v1.41 creates a container on one network only.
 */
import { readFile } from 'node:fs/promises';
import type { ContainerCreateResponse } from '../../../api-types/container.js';
import type { NetworkConnectRequest } from '../../../api-types/network-connect.js';
import { invalid } from '../../../common/errors.js';
import { pathSegment, type PouchClient } from '../../client.js';
import type { CliIo } from '../../io.js';
import type { ContainerCreateOptions } from './create-options.js';
import { buildContainerCreateRequest } from './create-request.js';
import { planNetworks } from './network-flags.js';

async function readEnvFiles(files: readonly string[]): Promise<string[]> {
  const lines: string[] = [];
  for (const file of files) {
    try {
      lines.push(...(await readFile(file, 'utf8')).split(/\r?\n/));
    } catch (err) {
      throw invalid(`Cannot read the env file "${file}": ${(err as Error).message}`);
    }
  }
  return lines;
}

/**
 * Validates everything, creates the container and returns its ID. Nothing is sent when a flag
 * is malformed.
 */
export async function createContainer(
  client: PouchClient,
  io: CliIo,
  input: { opts: ContainerCreateOptions; image: string; args: readonly string[] },
): Promise<string> {
  const { opts, image, args } = input;
  const envFileLines = await readEnvFiles(opts.envFile ?? []);
  const request = buildContainerCreateRequest(opts, image, args, { env: io.env, envFileLines });
  const { extraNetworks } = planNetworks({ net: opts.network });
  const response = await client.post<ContainerCreateResponse>('/containers/create', request, {
    name: opts.name,
  });
  for (const warning of response.Warnings ?? []) io.stderr(`WARNING: ${warning}\n`);
  for (const network of extraNetworks) {
    const body: NetworkConnectRequest = {
      Container: response.Id,
      EndpointConfig: { IPAMConfig: { IPv4Address: network.ipv4 ?? '' } },
    };
    await client.post(`/networks/${pathSegment(network.name)}/connect`, body);
  }
  return response.Id;
}

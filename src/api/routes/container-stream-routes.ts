/**
 * `GET /containers/{id}/logs` and `POST /containers/{id}/wait`: responses whose body comes
 * later. Both send their headers at once (see streams/streaming-response.ts); errors found
 * before that (unknown container, bad parameters) are ordinary error responses.
 */
import type { FastifyInstance } from 'fastify';
import { invalid } from '../../common/errors.js';
import type { ContainerWaitResponse } from '../../api-types/container.js';
import type { ContainerService, WaitCondition } from '../../container/container-service.js';
import type { LogQuery } from '../../runtime/runtime.js';
import { boolQueryParam, queryParam } from '../query-params.js';
import { RAW_STREAM_CONTENT_TYPE } from '../streams/hijack.js';
import { writeLogEntries } from '../streams/log-stream.js';
import { abortWhenClientGone, startStreamingResponse } from '../streams/streaming-response.js';
import { parseUntilMs } from '../until-time.js';

type IdParams = { Params: { id: string } };

const WAIT_CONDITIONS: readonly WaitCondition[] = ['not-running', 'next-exit', 'removed'];

/** The wait `condition`; empty means `not-running`, anything unknown is a 400. */
export function waitConditionParam(query: unknown): WaitCondition {
  const value = queryParam(query, 'condition') ?? '';
  if (value === '') return 'not-running';
  const known = WAIT_CONDITIONS.find((c) => c === value);
  if (known === undefined) {
    throw invalid(`invalid condition: "${value}": must be one of ${WAIT_CONDITIONS.join(', ')}`);
  }
  return known;
}

/** `since`/`until` as Docker's `timetypes.GetTimestamp` reads them, in Unix seconds; 0 is unset. */
function timeParamSec(query: unknown, name: string, nowMs: number): number | undefined {
  const value = queryParam(query, name);
  if (value === undefined || value === '' || value === '0') return undefined;
  return parseUntilMs(value, nowMs) / 1000;
}

/** `tail`: a line count, or all lines for `all`, empty, negative or unreadable values (Docker). */
function tailParam(query: unknown): number | undefined {
  const n = Number(queryParam(query, 'tail') ?? 'all');
  return Number.isInteger(n) && n >= 0 ? n : undefined;
}

/** The parsed query of a logs request. */
export interface LogsRequest extends LogQuery {
  stdout: boolean;
  stderr: boolean;
  timestamps: boolean;
}

/** Reads a logs query; 400 when neither stream is chosen, as Docker. */
export function logsParams(query: unknown, nowMs: number): LogsRequest {
  const stdout = boolQueryParam(query, 'stdout');
  const stderr = boolQueryParam(query, 'stderr');
  if (!stdout && !stderr) {
    throw invalid('Bad parameters: you must choose at least one stream', 'INVALID_PARAMETER');
  }
  boolQueryParam(query, 'details');
  const since = timeParamSec(query, 'since', nowMs);
  const until = timeParamSec(query, 'until', nowMs);
  const tail = tailParam(query);
  return {
    stdout,
    stderr,
    timestamps: boolQueryParam(query, 'timestamps'),
    follow: boolQueryParam(query, 'follow'),
    ...(since !== undefined ? { since } : {}),
    ...(until !== undefined ? { until } : {}),
    ...(tail !== undefined ? { tail } : {}),
  };
}

/** Registers logs and wait against `containers`. */
export function registerContainerStreamRoutes(
  app: FastifyInstance,
  containers: ContainerService,
): void {
  app.get<IdParams>('/containers/:id/logs', async (request, reply) => {
    const { timestamps, ...query } = logsParams(request.query, Date.now());
    const id = request.params.id;
    const tty = containers.inspect(id).Config.Tty === true;
    const controller = new AbortController();
    const entries = containers.logs(id, { ...query, signal: controller.signal });
    const res = startStreamingResponse(reply, { contentType: RAW_STREAM_CONTENT_TYPE });
    abortWhenClientGone(res, controller);
    await writeLogEntries(res, entries, { timestamps, multiplexed: !tty });
    if (!res.writableEnded && !res.destroyed) res.end();
    return reply;
  });

  app.post<IdParams>('/containers/:id/wait', async (request, reply) => {
    const condition = waitConditionParam(request.query);
    const id = request.params.id;
    containers.inspect(id);
    const waiting = containers.wait(id, condition);
    const res = startStreamingResponse(reply, { contentType: 'application/json' });
    let body: ContainerWaitResponse;
    try {
      const result = await waiting;
      body = { StatusCode: result.StatusCode, Error: result.Error ?? null };
    } catch (err: unknown) {
      const message = err instanceof Error ? err.message : String(err);
      body = { StatusCode: -1, Error: { Message: message } };
    }
    if (!res.writableEnded && !res.destroyed) res.end(`${JSON.stringify(body)}\n`);
    return reply;
  });
}

/** Docker Engine API wire shape of `POST /exec/{id}/start` (API v1.41, `ExecStartCheck`). */

/** Body of `POST /exec/{id}/start`; all fields optional. */
export interface ExecStartRequest {
  /** Run without streams: the response is an empty 200 instead of a hijacked connection. */
  Detach?: boolean;
  Tty?: boolean;
  /** `[height, width]` of the TTY (honoured by Docker from API 1.42). */
  ConsoleSize?: [number, number] | null;
}

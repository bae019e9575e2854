/**
 * Docker's JSON message stream (`jsonmessage.JSONMessage`), the body of `POST /images/load`
 * and `POST /images/create`: one JSON object per line (each followed by `\r\n`). Clients print
 * `stream` as is, `status` (with `progressDetail`) as progress, and stop at `error`.
 */
export interface JsonProgressDetail {
  current?: number;
  total?: number;
}

/** One message of a JSON message stream. */
export interface JsonMessage {
  /** Text for the terminal, including its newline (`Loaded image: busybox:latest\n`). */
  stream?: string;
  status?: string;
  progressDetail?: JsonProgressDetail;
  /** The object the status is about (a layer or image ID). */
  id?: string;
  /** Set on the last message when the operation failed after the response had started. */
  error?: string;
  errorDetail?: { message: string };
}

/**
 * The logging the firewall needs: a structural subset of pino's Logger, so the daemon passes its
 * pino child logger and tests pass a recorder.
 */
export interface FirewallLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/**
 * Docker Engine API wire shapes for `POST /networks/{id}/connect` and `/disconnect` (API v1.41),
 * field names exactly as Docker's. Added by the CLI, which sends them; the server side reads
 * the same types.
 */

/** `EndpointSettings.IPAMConfig`: the addresses the user asked for on this network. */
export interface EndpointIpamConfigDto {
  IPv4Address?: string;
  IPv6Address?: string;
  LinkLocalIPs?: string[] | null;
}

/** The request-side part of Docker's `EndpointSettings`. */
export interface EndpointSettingsRequest {
  IPAMConfig?: EndpointIpamConfigDto | null;
  Links?: string[] | null;
  Aliases?: string[] | null;
  MacAddress?: string;
  DriverOpts?: Record<string, string> | null;
}

/** Body of `POST /networks/{id}/connect`. */
export interface NetworkConnectRequest {
  Container: string;
  EndpointConfig?: EndpointSettingsRequest | null;
}

/** Body of `POST /networks/{id}/disconnect`. */
export interface NetworkDisconnectRequest {
  Container: string;
  Force?: boolean;
}

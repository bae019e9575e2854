/**
 * Docker Engine API wire shapes for networks (API v1.41), field names exactly as Docker's.
 * Shared by the server (api/) and the CLI (cli/). Pouch's `AuxAddress` is accepted on input as
 * an alias of `AuxiliaryAddresses`.
 */

export interface IpamConfigDto {
  Subnet?: string;
  IPRange?: string;
  Gateway?: string;
  AuxiliaryAddresses?: Record<string, string>;
  /** PouchContainer's spelling, accepted on input only. */
  AuxAddress?: Record<string, string>;
}

export interface IpamDto {
  Driver?: string;
  Options?: Record<string, string> | null;
  Config?: IpamConfigDto[] | null;
}

/** Body of `POST /networks/create`. */
export interface NetworkCreateRequest {
  Name: string;
  CheckDuplicate?: boolean;
  Driver?: string;
  Scope?: string;
  EnableIPv6?: boolean;
  IPAM?: IpamDto | null;
  Internal?: boolean;
  Attachable?: boolean;
  Ingress?: boolean;
  ConfigOnly?: boolean;
  ConfigFrom?: { Network?: string } | null;
  Options?: Record<string, string> | null;
  Labels?: Record<string, string> | null;
}

export interface NetworkCreateResponse {
  Id: string;
  Warning: string;
}

export interface NetworkContainerDto {
  Name: string;
  EndpointID: string;
  MacAddress: string;
  IPv4Address: string;
  IPv6Address: string;
}

/** `GET /networks/{id}` and the items of `GET /networks`. */
export interface NetworkResource {
  Name: string;
  Id: string;
  Created: string;
  Scope: string;
  Driver: string;
  EnableIPv6: boolean;
  IPAM: {
    Driver: string;
    Options: Record<string, string> | null;
    Config: Array<{
      Subnet: string;
      IPRange?: string;
      Gateway?: string;
      AuxiliaryAddresses?: Record<string, string>;
    }>;
  };
  Internal: boolean;
  Attachable: boolean;
  Ingress: boolean;
  ConfigFrom: { Network: string };
  ConfigOnly: boolean;
  Containers: Record<string, NetworkContainerDto>;
  Options: Record<string, string>;
  Labels: Record<string, string>;
}

export interface NetworkPruneResponse {
  NetworksDeleted: string[] | null;
}

/** Error body of every non-2xx response. */
export interface ErrorResponse {
  message: string;
}

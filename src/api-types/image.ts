/** Docker Engine API wire shapes for images (API v1.41). */
import type { ContainerConfigDto } from './container.js';

/** One item of `GET /images/json`. */
export interface ImageSummaryDto {
  Id: string;
  ParentId: string;
  RepoTags: string[];
  RepoDigests: string[];
  Created: number;
  Size: number;
  SharedSize: number;
  VirtualSize: number;
  Labels: Record<string, string> | null;
  Containers: number;
}

/** `GET /images/{name}/json`. */
export interface ImageInspectDto {
  Id: string;
  RepoTags: string[];
  RepoDigests: string[];
  Parent: string;
  Comment: string;
  Created: string;
  Container: string;
  DockerVersion: string;
  Author: string;
  Config: ContainerConfigDto;
  Architecture: string;
  Os: string;
  Size: number;
  VirtualSize: number;
  RootFS: { Type: 'layers'; Layers: string[] };
  Metadata: { LastTagTime: string };
}

/** One item of `DELETE /images/{name}`. */
export interface ImageDeleteItemDto {
  Untagged?: string;
  Deleted?: string;
}

/**
 * Docker's wire shapes for images (`GET /images/json` items and `GET /images/{name}/json`) made
 * from a record and its parsed config. Field values follow Docker 20.10 (API v1.41), including
 * its placeholders: `<none>:<none>` for untagged images in lists, -1 for uncounted sizes and
 * container counts, and Go's zero time for a never-tagged image's `LastTagTime`.
 */
import type { ImageInspectDto, ImageSummaryDto } from '../api-types/image.js';
import { toContainerConfigDto, type ImageConfigFile } from './image-config.js';
import type { ImageRecord } from './image-records.js';

const GO_ZERO_TIME = '0001-01-01T00:00:00Z';

/** Sum of the layers' sizes: what Docker reports as `Size` and `VirtualSize`. */
export function imageSize(rec: ImageRecord): number {
  return rec.layers.reduce((sum, l) => sum + l.sizeBytes, 0);
}

/** Unix seconds of the config's `created` (0 when absent or unparsable). */
export function createdSeconds(cfg: ImageConfigFile): number {
  const ms = Date.parse(cfg.created ?? '');
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** One `GET /images/json` item. */
export function toImageSummary(
  rec: ImageRecord,
  cfg: ImageConfigFile,
  tags: readonly string[],
): ImageSummaryDto {
  const size = imageSize(rec);
  return {
    Id: rec.id,
    ParentId: '',
    RepoTags: tags.length > 0 ? [...tags] : ['<none>:<none>'],
    RepoDigests: tags.length > 0 ? [] : ['<none>@<none>'],
    Created: createdSeconds(cfg),
    Size: size,
    SharedSize: -1,
    VirtualSize: size,
    Labels: cfg.config?.Labels ?? null,
    Containers: -1,
  };
}

/** `GET /images/{name}/json`. */
export function toImageInspect(
  rec: ImageRecord,
  cfg: ImageConfigFile,
  tags: readonly string[],
): ImageInspectDto {
  const size = imageSize(rec);
  return {
    Id: rec.id,
    RepoTags: [...tags],
    RepoDigests: [],
    Parent: '',
    Comment: cfg.comment ?? '',
    Created: cfg.created ?? GO_ZERO_TIME,
    Container: cfg.container ?? '',
    DockerVersion: cfg.docker_version ?? '',
    Author: cfg.author ?? '',
    Config: toContainerConfigDto(cfg),
    Architecture: cfg.architecture,
    Os: cfg.os,
    Size: size,
    VirtualSize: size,
    RootFS: { Type: 'layers', Layers: [...cfg.rootfs.diff_ids] },
    Metadata: { LastTagTime: rec.lastTagTime === '' ? GO_ZERO_TIME : rec.lastTagTime },
  };
}

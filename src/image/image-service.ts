import type { Readable } from 'node:stream';
import type { ContainerConfigDto } from '../api-types/container.js';
import type { ImageDeleteItemDto, ImageInspectDto, ImageSummaryDto } from '../api-types/image.js';

/** The parts of an image's config a container is made from (Docker's image `Config`). */
export interface ImageRuntimeConfig {
  env: string[];
  cmd?: string[];
  entrypoint?: string[];
  workingDir: string;
  user: string;
  /** `80/tcp` style keys. */
  exposedPorts: string[];
  labels: Record<string, string>;
  stopSignal?: string;
}

/** An image as the container layer needs it. */
export interface ResolvedImage {
  /** `sha256:<64 hex>`. */
  id: string;
  /** The reference the user gave, normalised (`busybox:latest`). */
  ref: string;
  config: ImageRuntimeConfig;
  /** Unpacked layer directories, TOP FIRST (overlay `lowerdir` order). */
  layerDirs: string[];
}

export interface LoadProgress {
  /** Human-readable line such as `Loading layer 1/3` or `Loaded image: busybox:latest`. */
  status: string;
  current?: number;
  total?: number;
}

/**
 * Images: `docker save` tarballs (and OCI image layouts) loaded from a stream, root-filesystem
 * tarballs imported, each layer unpacked once under `<home>/image/layers/<chainID>` and shared
 * by every image and container that uses it.
 */
export interface ImageService {
  /** Loads every image in the tarball; returns the `Loaded image: …` lines. */
  load(tar: Readable, onProgress?: (p: LoadProgress) => void): Promise<string[]>;
  /** `docker import`: a rootfs tarball becomes a one-layer image, tagged `repo:tag` when given. */
  import(
    tar: Readable,
    opts: { repo?: string; tag?: string; message?: string; changes?: string[] },
  ): Promise<string>;
  list(opts?: { all?: boolean; filters?: Record<string, string[]> }): ImageSummaryDto[];
  inspect(ref: string): ImageInspectDto;
  /** Resolves `name[:tag]`, a full ID, `sha256:` ID or unique ID prefix. not_found otherwise. */
  resolve(ref: string): ResolvedImage;
  tag(ref: string, repo: string, tag?: string): void;
  /**
   * `isUsed(imageId)` tells whether containers use it: conflict (409) unless `force`. It may
   * return the ID of a container using the image instead of `true`, for Docker's message.
   */
  remove(
    ref: string,
    opts: { force?: boolean; isUsed: (imageId: string) => boolean | string },
  ): ImageDeleteItemDto[];
}

export type { ContainerConfigDto };

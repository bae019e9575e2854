/**
 * `docker rmi` semantics as a pure decision (Docker's daemon/images/image_delete.go), so every
 * case is unit-tested without disks:
 *
 * - by name: untag it; when it was the image's last tag, delete the image too. Removing the last
 *   tag of an image a container uses needs `force`.
 * - by ID: refused without `force` when several tags name it or a container uses it; otherwise
 *   every tag goes and the image is deleted.
 * - forced while a container uses the image: the tags go but the image and its layers stay
 *   (it becomes dangling), because the container's root filesystem is made of those layers.
 *   Docker deletes the image of a *stopped* container here; the engine cannot tell running from
 *   stopped through `isUsed`, and never pulls layers from under a container.
 */
import { conflict } from '../common/errors.js';
import { shortId } from './digest.js';

/** What the caller knows about the removal. */
export interface RemovalRequest {
  /** The reference as the user gave it (for messages). */
  ref: string;
  imageId: string;
  /** The familiar `name:tag` when `ref` was a name. */
  tag?: string;
  /** Every tag of the image. */
  tags: readonly string[];
  /** `isUsed()`'s answer: false, true, or the ID of a container using the image. */
  usedBy: boolean | string;
  force: boolean;
}

/** The tags to remove and whether the image record (and its unshared layers) go too. */
export interface RemovalPlan {
  untag: string[];
  deleteImage: boolean;
}

function containerText(usedBy: boolean | string): string {
  return typeof usedBy === 'string' && usedBy !== ''
    ? `container ${shortId(usedBy)}`
    : 'a container';
}

/** Decides a removal; throws `conflict` (409) with Docker's wording when it needs `force`. */
export function planRemoval(req: RemovalRequest): RemovalPlan {
  const used = req.usedBy !== false && req.usedBy !== '';
  const short = shortId(req.imageId);
  if (req.tag !== undefined) {
    const last = req.tags.length <= 1;
    if (last && used && !req.force) {
      throw conflict(
        `conflict: unable to remove repository reference "${req.ref}" (must force) - ` +
          `${containerText(req.usedBy)} is using its referenced image ${short}`,
        'IMAGE_IN_USE',
      );
    }
    return { untag: [req.tag], deleteImage: last && !used };
  }
  if (req.tags.length > 1 && !req.force) {
    throw conflict(
      `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple ` +
        'repositories',
      'IMAGE_REFERENCED',
    );
  }
  if (used && !req.force) {
    throw conflict(
      `conflict: unable to delete ${short} (must be forced) - image is being used by ` +
        containerText(req.usedBy),
      'IMAGE_IN_USE',
    );
  }
  return { untag: [...req.tags], deleteImage: !used };
}

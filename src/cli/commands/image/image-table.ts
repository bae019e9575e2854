/**
 * The `pouch images` table in docker's layout: `REPOSITORY   TAG   IMAGE ID   CREATED   SIZE`
 * (with `DIGEST` before `IMAGE ID` for `--digests`), one row per tag, `<none>` for untagged
 * images, 12-character IDs, sizes in decimal units (`4.26MB`). Pure.
 */
import type { ImageSummaryDto } from '../../../api-types/image.js';
import { humanSize, timeAgo } from '../../human-units.js';
import { formatTable } from '../../tabwriter.js';
import { shortenId } from '../container/container-table.js';
import { splitRepoTag } from './image-ref.js';

export interface ImageTableOptions {
  quiet?: boolean;
  noTrunc?: boolean;
  digests?: boolean;
  nowMs: number;
}

const NONE = '<none>';

interface ImageRow {
  repo: string;
  tag: string;
  digest: string;
  image: ImageSummaryDto;
}

function digestOf(image: ImageSummaryDto, repo: string): string {
  const match = (image.RepoDigests ?? []).find((d) => d.startsWith(`${repo}@`));
  return match ? match.slice(repo.length + 1) : NONE;
}

function rowsOf(image: ImageSummaryDto): ImageRow[] {
  const tags = (image.RepoTags ?? []).filter((t) => t !== '<none>:<none>');
  if (tags.length > 0) {
    return tags.map((ref) => {
      const [repo, tag] = splitRepoTag(ref);
      return { repo, tag: tag ?? NONE, digest: digestOf(image, repo), image };
    });
  }
  const digests = (image.RepoDigests ?? []).filter((d) => d !== '<none>@<none>');
  if (digests.length > 0) {
    return digests.map((ref) => {
      const at = ref.indexOf('@');
      return { repo: ref.slice(0, at), tag: NONE, digest: ref.slice(at + 1), image };
    });
  }
  return [{ repo: NONE, tag: NONE, digest: NONE, image }];
}

/** Renders `pouch images` output. */
export function renderImageList(
  images: readonly ImageSummaryDto[],
  options: ImageTableOptions,
): string {
  const noTrunc = options.noTrunc === true;
  const id = (image: ImageSummaryDto): string => (noTrunc ? image.Id : shortenId(image.Id));
  if (options.quiet) {
    return [...new Set(images.map(id))].map((i) => `${i}\n`).join('');
  }
  const header = options.digests
    ? ['REPOSITORY', 'TAG', 'DIGEST', 'IMAGE ID', 'CREATED', 'SIZE']
    : ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'];
  const rows = [header];
  for (const row of images.flatMap(rowsOf)) {
    const created = timeAgo(row.image.Created, options.nowMs);
    const size = humanSize(row.image.Size);
    const cells = [row.repo, row.tag, id(row.image), created, size];
    if (options.digests) cells.splice(2, 0, row.digest);
    rows.push(cells);
  }
  return formatTable(rows, { padding: 3 });
}

// Which images the Layers view lists, in which order: sorting, filtering and dangling images.
// Pure so the behaviour behind `dockscope.layers.sortBy`, the filter box and
// `dockscope.layers.showDangling` is unit-tested without VS Code.
import type { ImageSummary } from '../../engine/docker/images';
import { shortId } from '../../common/format';
import type { SortOrder } from '../../common/settings';


/** An image as the engine lists it (`created` in epoch ms, `tags` empty when dangling). */
export type ImageEntry = ImageSummary;

export interface ListOptions {
  sortBy: SortOrder;
  showDangling: boolean;
  /** Case-insensitive substring of a tag or the id; empty = no filter. */
  filter: string;
}

/** Dangling: no usable tag (the daemon reports `<none>:<none>` for those). */
function isDangling(image: ImageEntry): boolean {
  return image.dangling || usableTags(image).length === 0;
}

export function usableTags(image: ImageEntry): string[] {
  return image.tags.filter((tag) => tag !== '<none>:<none>' && !tag.endsWith(':<none>'));
}

/** The label of an image: its first tag, else its short id. */
export function imageLabel(image: ImageEntry): string {
  return usableTags(image)[0] ?? shortId(image.id);
}

export function matchesFilter(image: ImageEntry, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (!needle) return true;
  if (image.id.toLowerCase().replace(/^sha256:/, '').startsWith(needle.replace(/^sha256:/, ''))) return true;
  return usableTags(image).some((tag) => tag.toLowerCase().includes(needle));
}

const COMPARE: Record<SortOrder, (a: ImageEntry, b: ImageEntry) => number> = {
  size: (a, b) => b.sizeBytes - a.sizeBytes,
  name: (a, b) => imageLabel(a).localeCompare(imageLabel(b)),
  created: (a, b) => b.created - a.created,
};

/** The images to show, sorted; ties fall back to the label then the id so the order is stable. */
export function selectImages(images: readonly ImageEntry[], options: ListOptions): ImageEntry[] {
  return images
    .filter((image) => options.showDangling || !isDangling(image))
    .filter((image) => matchesFilter(image, options.filter))
    .sort((a, b) => COMPARE[options.sortBy](a, b)
      || imageLabel(a).localeCompare(imageLabel(b))
      || a.id.localeCompare(b.id));
}

/** How many images the current options hide, for the view's message. */
export function hiddenCount(images: readonly ImageEntry[], options: ListOptions): { dangling: number; filtered: number } {
  const dangling = options.showDangling ? 0 : images.filter(isDangling).length;
  const visibleByDangling = images.filter((image) => options.showDangling || !isDangling(image));
  const filtered = visibleByDangling.filter((image) => !matchesFilter(image, options.filter)).length;
  return { dangling, filtered };
}

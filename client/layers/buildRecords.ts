// Reading Dockscope's build history for the Layers view, without the editor: which recorded
// builds made an image (by id, else by tag), and which image the last build of a Dockerfile made.
import type { BuildRecord } from '../../engine/build/record';
import type { MatchOptions, RecordedStep } from '../../engine/dockerfile/historyMatch';

/** What the Layers view reads of a recorded build. */
export type RecordedBuild = Pick<BuildRecord, 'image' | 'tag' | 'startedAt' | 'target' | 'outcome'> & { steps: readonly RecordedStep[] };

/** The part of the build feature's history (client/build/buildHistory.ts) used here. */
export interface BuildHistoryLike {
  /** Every Dockerfile with a recorded build. */
  dockerfiles(): string[];
  /** Newest first. */
  list(dockerfile: string): RecordedBuild[];
}

/** A Dockerfile the history links to an image. */
export interface BuiltFrom {
  path: string;
  /** Set when a build of this Dockerfile made exactly this image: its target and step texts guide the match. */
  built?: MatchOptions;
  /** The last successful build of this Dockerfile made another image. */
  builtOther: boolean;
}

function withDefaultTag(reference: string): string {
  const lastSlash = reference.lastIndexOf('/');
  return reference.lastIndexOf(':') > lastSlash || reference.includes('@') ? reference : `${reference}:latest`;
}

function lastImageOf(history: BuildHistoryLike, dockerfile: string): string | undefined {
  return history.list(dockerfile).find((record) => record.outcome === 'succeeded' && record.image)?.image ?? undefined;
}

/** Whether the last successful build of a Dockerfile made an image other than `imageId`. */
export function builtOtherImage(history: BuildHistoryLike, dockerfile: string, imageId: string): boolean {
  const last = lastImageOf(history, dockerfile);
  return last !== undefined && last !== imageId;
}

/**
 * Dockerfiles whose recorded builds produced this image: by id first (certain), then by tag
 * (the tag may since have moved), most recent first within each.
 */
export function dockerfilesThatBuilt(history: BuildHistoryLike, image: { id: string; tags: readonly string[] }): BuiltFrom[] {
  const tags = new Set(image.tags);
  const hits: Array<{ path: string; at: string; exact?: RecordedBuild }> = [];
  for (const path of history.dockerfiles()) {
    const records = history.list(path);
    const exact = records.find((candidate) => candidate.image === image.id);
    const tagged = exact ?? records.find((candidate) => candidate.tag !== null && tags.has(withDefaultTag(candidate.tag)));
    if (tagged) hits.push({ path, at: tagged.startedAt, exact });
  }
  return hits.sort((a, b) => Number(Boolean(b.exact)) - Number(Boolean(a.exact)) || b.at.localeCompare(a.at))
    .map((hit) => ({
      path: hit.path,
      built: hit.exact && { target: hit.exact.target ?? undefined, builtSteps: hit.exact.steps },
      builtOther: builtOtherImage(history, hit.path, image.id),
    }));
}

/** The image of the last successful build of a Dockerfile, then of its tag, among `images`. */
export function lastBuiltImage<T extends { id: string; tags: string[] }>(history: BuildHistoryLike | undefined, dockerfile: string, images: readonly T[]): T | undefined {
  const builds = history?.list(dockerfile).filter((record) => record.outcome === 'succeeded') ?? [];
  for (const record of builds) {
    const byId = images.find((image) => image.id === record.image);
    if (byId) return byId;
  }
  for (const record of builds) {
    const tag = record.tag === null || record.tag === '' ? undefined : withDefaultTag(record.tag);
    const byTag = tag && images.find((image) => image.tags.includes(tag));
    if (byTag) return byTag;
  }
  return undefined;
}

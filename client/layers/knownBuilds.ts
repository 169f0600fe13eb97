// Which Dockerfiles to try first when matching an image back to its source: the ones Dockscope
// built this image from (the build feature's history), then the Dockerfiles open in editors, the
// active one first.
import * as vscode from 'vscode';
import type { ImageLayers } from '../../engine/docker/images';

/** The part of the build feature's history (client/build/buildHistory.ts) used here. */
export interface BuildHistoryLike {
  /** Every Dockerfile with a recorded build. */
  dockerfiles(): string[];
  list(dockerfile: string): Array<{ image: string | null; tag: string | null; startedAt: string }>;
}

/** The part of the build feature's inline figures (client/build/inlineFigures.ts) used here. */
export interface LayerSizeSink {
  setLayerSizes(dockerfile: vscode.Uri, sizes: ReadonlyMap<number, number>, source?: string): void;
}

/** What the build feature offers the Layers view; both parts optional so either can ship alone. */
export interface BuildIntegration {
  history?: BuildHistoryLike;
  inlineFigures?: LayerSizeSink;
}

/** Dockerfiles known to have produced an image (from Dockscope's build history), best first. */
export type KnownDockerfiles = (image: ImageLayers) => vscode.Uri[];

function withDefaultTag(reference: string): string {
  const lastSlash = reference.lastIndexOf('/');
  return reference.lastIndexOf(':') > lastSlash || reference.includes('@') ? reference : `${reference}:latest`;
}

/** Dockerfiles whose recorded builds produced this image (by id or tag), most recent first. */
function builtDockerfiles(history: BuildHistoryLike, image: ImageLayers): vscode.Uri[] {
  const tags = new Set(image.tags);
  const hits: Array<{ path: string; at: string }> = [];
  for (const path of history.dockerfiles()) {
    const record = history.list(path).find((candidate) => candidate.image === image.id
      || (candidate.tag !== null && tags.has(withDefaultTag(candidate.tag))));
    if (record) hits.push({ path, at: record.startedAt });
  }
  return hits.sort((a, b) => b.at.localeCompare(a.at)).map((hit) => vscode.Uri.file(hit.path));
}

function openDockerfiles(): vscode.Uri[] {
  const active = vscode.window.activeTextEditor?.document;
  const open = vscode.workspace.textDocuments.filter((document) => document.languageId === 'dockerfile' && document.uri.scheme === 'file');
  const ordered = active && open.includes(active) ? [active, ...open.filter((document) => document !== active)] : open;
  return ordered.map((document) => document.uri);
}

export function knownDockerfilesFrom(build: BuildIntegration | undefined): KnownDockerfiles {
  return (image) => {
    const built = build?.history ? builtDockerfiles(build.history, image) : [];
    const seen = new Set(built.map((uri) => uri.toString()));
    return [...built, ...openDockerfiles().filter((uri) => !seen.has(uri.toString()))];
  };
}

// Which Dockerfiles to try first when matching an image back to its source: the ones Dockscope
// built this image from (the build feature's history), then the Dockerfiles open in editors, the
// active one first.
import * as vscode from 'vscode';
import type { ImageLayers } from '../../engine/docker/images';
import type { MatchOptions } from '../../engine/dockerfile/historyMatch';
import { builtOtherImage, dockerfilesThatBuilt, type BuildHistoryLike } from './buildRecords';

/** The image whose layer sizes are shown. */
export interface SizedImage {
  id: string;
  /** Its tag or short id, as the hover names it. */
  label: string;
  /** 1-based FROM line whose size is the base image's, and that image's name. */
  baseLine?: number;
  baseName?: string;
}

/** The part of the build feature's inline figures (client/build/inlineFigures.ts) used here. */
export interface LayerSizeSink {
  setLayerSizes(dockerfile: vscode.Uri, sizes: ReadonlyMap<number, number>, image: SizedImage): void;
}

/** What the build feature offers the Layers view; both parts optional so either can ship alone. */
export interface BuildIntegration {
  history?: BuildHistoryLike;
  inlineFigures?: LayerSizeSink;
}

/** A Dockerfile that may have produced an image, and how to match the image against it. */
export interface KnownDockerfile {
  uri: vscode.Uri;
  /**
   * Set when Dockscope's build of this Dockerfile produced exactly this image (same id): the
   * file is certain, and the build's target and step texts guide the match.
   */
  built?: MatchOptions;
  /**
   * Dockscope's last successful build of this Dockerfile made another image: the editor's
   * figures belong to that one, so this image's sizes must not be mixed in.
   */
  builtOther?: boolean;
}

/** Dockerfiles known to have produced an image (from Dockscope's build history), best first. */
export type KnownDockerfiles = (image: ImageLayers) => KnownDockerfile[];

function openDockerfiles(): vscode.Uri[] {
  const active = vscode.window.activeTextEditor?.document;
  const open = vscode.workspace.textDocuments.filter((document) => document.languageId === 'dockerfile' && document.uri.scheme === 'file');
  const ordered = active && open.includes(active) ? [active, ...open.filter((document) => document !== active)] : open;
  return ordered.map((document) => document.uri);
}

export function knownDockerfilesFrom(build: BuildIntegration | undefined): KnownDockerfiles {
  return (image) => {
    const history = build?.history;
    const built = history ? dockerfilesThatBuilt(history, image).map(({ path, built: options, builtOther }) => ({ uri: vscode.Uri.file(path), built: options, builtOther })) : [];
    const seen = new Set(built.map(({ uri }) => uri.toString()));
    const open = openDockerfiles().filter((uri) => !seen.has(uri.toString()));
    return [...built, ...open.map((uri) => ({ uri, builtOther: history !== undefined && builtOtherImage(history, uri.fsPath, image.id) }))];
  };
}

// "Open Instruction Source": a layer row opens the workspace Dockerfile line that produced it
// when its instruction can be matched, else the full command in a read-only document. The
// Dockerfile Dockscope last built for the image is tried first; then every Dockerfile of the
// workspace, keeping the one that explains most of the image's own layers.
import * as vscode from 'vscode';
import { shortId } from '../../common/format';
import { DOCKERFILE_GLOB } from '../../common/protocol';
import { matchImageToDockerfile, type ImageMatch, type MatchOptions } from '../../engine/dockerfile/historyMatch';
import type { KnownDockerfiles } from './knownBuilds';
import type { ImageLayers, LayerEntry } from './layerRows';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,vendor}/**';
const MAX_DOCKERFILES = 200;

export interface SourceMatch extends ImageMatch {
  uri: vscode.Uri;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Matches the image's own (non-base) layers against one Dockerfile. */
export async function matchDockerfile(uri: vscode.Uri, image: ImageLayers, options: MatchOptions = {}): Promise<SourceMatch | undefined> {
  const text = await readText(uri);
  return text === undefined ? undefined : { uri, ...matchImageToDockerfile(image, text, options) };
}

/** The Dockerfile that best explains the image: known builds first, then the workspace's. */
async function findBestDockerfile(image: ImageLayers, known: KnownDockerfiles): Promise<SourceMatch | undefined> {
  const preferred = known(image);
  for (const { uri, built } of preferred) {
    const match = await matchDockerfile(uri, image, built);
    if (match && match.matched > 0) return match;
  }
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, MAX_DOCKERFILES);
  let best: SourceMatch | undefined;
  for (const uri of found) {
    const match = await matchDockerfile(uri, image);
    if (match && match.matched > (best?.matched ?? 0)) best = match;
  }
  return best;
}

export async function openLayerSource(image: ImageLayers, layer: LayerEntry, known: KnownDockerfiles, documents: ReadOnlyDocuments): Promise<void> {
  const best = layer.fromBase ? undefined : await findBestDockerfile(image, known);
  const location = best?.locations[layer.index];
  if (best && location) {
    const document = await vscode.workspace.openTextDocument(best.uri);
    const end = document.lineAt(Math.min(location.endLine, document.lineCount - 1)).range.end;
    const range = new vscode.Range(location.line, 0, end.line, end.character);
    await vscode.window.showTextDocument(document, { selection: range, preview: true });
    return;
  }
  const uri = documents.put(`/${safeName(image.ref)} layer ${layer.index}.txt`, describeLayer(image, layer));
  await documents.open(uri);
}

/** The read-only fallback: the full, uncleaned command and where the layer comes from. */
function describeLayer(image: ImageLayers, layer: LayerEntry): string {
  const lines = [
    `Image:   ${image.ref} (${shortId(image.id)})`,
    `Layer:   ${layer.index} of ${image.layers.length} (build order, 0 = bottom)`,
    `Size:    ${layer.sizeBytes} bytes${layer.empty ? ' (metadata only, no files)' : ''}`,
    layer.digest ? `Digest:  ${layer.digest}` : undefined,
    layer.created ? `Created: ${new Date(layer.created).toISOString()}` : undefined,
    layer.fromBase ? `From:    the base image ${image.base?.name ?? ''}` : undefined,
    layer.comment ? `Comment: ${layer.comment}` : undefined,
    '',
    'Instruction:',
    layer.createdBy,
    '',
    'Recorded by the builder (created_by):',
    layer.rawCreatedBy,
    '',
    layer.fromBase
      ? 'This layer comes from the base image, so no workspace Dockerfile produced it.'
      : 'No Dockerfile in this workspace has a matching instruction.',
  ];
  return lines.filter((line) => line !== undefined).join('\n');
}

function safeName(ref: string): string {
  return ref.replace(/[/\\:?#*]/g, '-');
}

// Commands that work on whole images: Compare Two Images, Show Layers (reveals the image built
// from the current Dockerfile) and Analyze Image of This Dockerfile.
import * as vscode from 'vscode';
import { formatAge, formatBytes } from '../../common/format';
import { compareImages } from '../../engine/docker/compare';
import { explainsImage } from '../../engine/dockerfile/historyMatch';
import { analyzeImage, showExistingAnalysis, type AnalyzeDeps } from './analyzeCommand';
import { renderComparison } from './compareReport';
import { imageLabel, selectImages, type ImageEntry } from './imageList';
import type { ImageLayers } from './layerRows';
import { ImageNode, type LayersNode } from './nodes';
import { lastBuiltImage, type BuildHistoryLike } from './buildRecords';
import { matchDockerfile } from './openSource';
import type { ReadOnlyDocuments } from './readOnlyDocuments';

export interface ImageActionDeps extends AnalyzeDeps {
  treeView: vscode.TreeView<LayersNode>;
  documents: ReadOnlyDocuments;
  /** The build feature's history: which image the last build of a Dockerfile made. */
  history?: BuildHistoryLike;
}

/** How many recent images are matched against a Dockerfile to find the one it built. */
const CANDIDATE_IMAGES = 25;

export function registerImageActions(deps: ImageActionDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('dockscope.layers.compare', (node?: ImageNode) => guarded(deps, 'Compare', () => compare(deps, node))),
    vscode.commands.registerCommand('dockscope.layers.analyze', async (node?: ImageNode) => guarded(deps, 'Analyze', async () => {
      const image = node instanceof ImageNode ? node.image : await pickImage(deps, 'Analyze which image?');
      if (image) await analyzeImage(deps, image);
    })),
    vscode.commands.registerCommand('dockscope.showLayers', (target?: vscode.Uri | { imageId?: unknown }) => guarded(deps, 'Show Layers', async () => {
      // From the FROM hover: `{ imageId }` reveals that image; else the Dockerfile's own image.
      if (target && !(target instanceof vscode.Uri) && typeof target.imageId === 'string') return showImage(deps, target.imageId);
      return showLayers(deps, dockerfileUri(target instanceof vscode.Uri ? target : undefined));
    })),
    vscode.commands.registerCommand('dockscope.analyzeDockerfileImage', (uri?: vscode.Uri) => guarded(deps, 'Analyze', async () => {
      const dockerfile = dockerfileUri(uri);
      if (!dockerfile) {
        void vscode.window.showInformationMessage('Open a Dockerfile to analyze the image built from it.');
        return;
      }
      const image = await imageBuiltFrom(deps, dockerfile);
      if (!image) return offerBuild(dockerfile);
      await reveal(deps, image);
      if (!await showExistingAnalysis(deps, image)) await analyzeImage(deps, image);
    })),
  ];
}

async function guarded(deps: ImageActionDeps, what: string, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    deps.log.error(`${what} failed`, error);
    const choice = await vscode.window.showErrorMessage(`Dockscope: ${what} failed: ${error instanceof Error ? error.message : String(error)}`, 'Show Output');
    if (choice) await vscode.commands.executeCommand('dockscope.showOutput');
  }
}

function dockerfileUri(uri?: vscode.Uri): vscode.Uri | undefined {
  if (uri instanceof vscode.Uri) return uri;
  const document = vscode.window.activeTextEditor?.document;
  return document?.languageId === 'dockerfile' ? document.uri : undefined;
}

async function pickImage(deps: ImageActionDeps, title: string, exclude?: string): Promise<ImageEntry | undefined> {
  const all = await deps.provider.loadImages();
  const images = selectImages(all, { ...deps.provider.options, filter: '', showDangling: true }).filter((image) => image.id !== exclude);
  if (images.length === 0) {
    void vscode.window.showInformationMessage(exclude ? 'There is no other image to compare with.' : 'The Docker daemon has no images.');
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    images.map((image) => ({ label: imageLabel(image), description: `${formatBytes(image.sizeBytes)} · ${formatAge(image.created, now)}`, image })),
    { title, matchOnDescription: true },
  );
  return picked?.image;
}

async function compare(deps: ImageActionDeps, node?: ImageNode): Promise<void> {
  const left = node instanceof ImageNode ? node.image : await pickImage(deps, 'Compare: first image (e.g. the single-stage build)');
  if (!left) return;
  const right = await pickImage(deps, `Compare ${imageLabel(left)} with…`, left.id);
  if (!right) return;
  const [a, b] = await Promise.all([deps.provider.loadLayers(left), deps.provider.loadLayers(right)]);
  const comparison = compareImages(a, b, {
    left: deps.provider.analysisOf(left.id)?.efficiency,
    right: deps.provider.analysisOf(right.id)?.efficiency,
  });
  const uri = deps.documents.put(`/compare ${safe(imageLabel(left))} vs ${safe(imageLabel(right))}.md`, renderComparison(comparison));
  await deps.documents.open(uri, true);
}

/**
 * The image built from a Dockerfile: the one its last successful build in Dockscope made (then
 * one with that build's tag), else the recent image whose own layers the Dockerfile explains
 * best (at least half of them).
 */
async function imageBuiltFrom(deps: ImageActionDeps, dockerfile: vscode.Uri): Promise<ImageEntry | undefined> {
  const all = await deps.provider.loadImages();
  const built = lastBuiltImage(deps.history, dockerfile.fsPath, all);
  if (built) return built;
  const recent = selectImages(all, { sortBy: 'created', showDangling: true, filter: '' }).slice(0, CANDIDATE_IMAGES);
  let best: { image: ImageEntry; score: number } | undefined;
  for (const image of recent) {
    let layers: ImageLayers;
    try {
      layers = await deps.provider.loadLayers(image);
    } catch {
      continue; // removed meanwhile
    }
    const match = await matchDockerfile(dockerfile, layers);
    if (!match || !explainsImage(match)) continue;
    const score = match.matched / match.own;
    if (score > (best?.score ?? 0)) best = { image, score };
  }
  return best?.image;
}

async function reveal(deps: ImageActionDeps, image: ImageEntry): Promise<void> {
  await vscode.commands.executeCommand('dockscope.layers.focus');
  try {
    await deps.treeView.reveal(deps.provider.imageNode(image), { select: true, focus: false, expand: true });
  } catch (error) {
    // Hidden by the filter or dangling setting: the view stays as it is.
    deps.log.debug(`Could not reveal ${imageLabel(image)}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function showLayers(deps: ImageActionDeps, dockerfile?: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('dockscope.layers.focus');
  if (!dockerfile) return;
  const image = await imageBuiltFrom(deps, dockerfile);
  if (image) await reveal(deps, image);
  else void offerBuild(dockerfile);
}

async function showImage(deps: ImageActionDeps, imageId: string): Promise<void> {
  const image = (await deps.provider.loadImages()).find((candidate) => candidate.id === imageId);
  if (image) await reveal(deps, image);
  else await vscode.commands.executeCommand('dockscope.layers.focus');
}

async function offerBuild(dockerfile: vscode.Uri): Promise<void> {
  const actions = vscode.workspace.isTrusted ? ['Build with Timings'] : [];
  const choice = await vscode.window.showInformationMessage('No local image matches this Dockerfile yet. Build it first.', ...actions);
  if (choice) await vscode.commands.executeCommand('dockscope.build', dockerfile);
}

function safe(text: string): string {
  return text.replace(/[/\\:?#*]/g, '-');
}

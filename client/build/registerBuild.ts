// "Dockscope: Build Image with Timings" and everything around it: the prompts, the progress
// notification, the build history, the timings panel, the inline figures and the status bar.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type Docker from 'dockerode';
import { formatCount, formatDuration, formatPercent, shortId } from '../../common/format';
import { cacheRatio, contextSummary, failedStep, type BuildRecord } from '../../engine/build/record';
import { runBuild } from '../../engine/build/runner';
import { explainAgainst } from '../../engine/build/why/explain';
import { reasonText } from '../../engine/build/why/reasonText';
import { classifyDockerError, EDITOR_WORDS, explainBuildError } from '../../engine/docker/errors';
import { getImageLayers } from '../../engine/docker/images';
import { matchImageToDockerfile, sizesByLine } from '../../engine/dockerfile/historyMatch';
import { DOCKERFILE_GLOB } from '../../common/protocol';
import { readSettings } from '../shell/settings';
import type { Shell } from '../shell/shell';
import { BuildHistory, type BuildInputs } from './buildHistory';
import { askBuildInputs } from './buildPrompts';
import { InlineFigures } from './inlineFigures';
import { BuildStatusBar } from './statusBar';
import { TimingsPanel } from './timingsPanel';

/** What other features (the layers view) use to put sizes next to Dockerfile lines. */
export interface BuildFeature {
  inlineFigures: InlineFigures;
  history: BuildHistory;
}

let running: AbortController | undefined;

export function registerBuild(context: vscode.ExtensionContext, shell: Shell): BuildFeature {
  const { output } = shell;
  const history = new BuildHistory(context.workspaceState);
  const inlineFigures = new InlineFigures();
  const statusBar = new BuildStatusBar(history);
  const panel = new TimingsPanel(context.extensionUri, history, output);
  context.subscriptions.push(history, inlineFigures, statusBar, panel,
    vscode.commands.registerCommand('dockscope.build', (resource?: unknown, inputs?: unknown) =>
      build(resource, toBuildInputs(inputs), { history, inlineFigures, statusBar, panel, shell })),
    vscode.commands.registerCommand('dockscope.build.showPanel', (resource?: unknown) => panel.show(dockerfileFrom(resource)?.fsPath)),
    vscode.commands.registerCommand('dockscope.inlineHints.clear', (resource?: unknown) => inlineFigures.clear(dockerfileFrom(resource))),
  );
  return { inlineFigures, history };
}

/**
 * Inputs given with the command (`executeCommand('dockscope.build', uri, {tag, target,
 * buildArgs, context})`, used by tests and walkthroughs) skip the prompts; anything else asks.
 */
function toBuildInputs(value: unknown): BuildInputs | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { tag = '', target = '', buildArgs = [], context } = value as Record<string, unknown>;
  if (typeof tag !== 'string' || typeof target !== 'string' || typeof context !== 'string' || !path.isAbsolute(context)) return undefined;
  if (!Array.isArray(buildArgs) || !buildArgs.every((arg) => typeof arg === 'string' && /^[A-Za-z_][A-Za-z0-9_]*=/.test(arg))) return undefined;
  return { tag, target, buildArgs: buildArgs as string[], context };
}

/** The Dockerfile a command applies to: the clicked file, else the active Dockerfile editor. */
function dockerfileFrom(resource: unknown): vscode.Uri | undefined {
  if (resource instanceof vscode.Uri && resource.scheme === 'file') return resource;
  const editor = vscode.window.activeTextEditor;
  return editor?.document.languageId === 'dockerfile' && editor.document.uri.scheme === 'file' ? editor.document.uri : undefined;
}

/**
 * No Dockerfile given and none active (the walkthrough's Build button, the palette): the
 * workspace's Dockerfiles to pick from, those open in editors first.
 */
async function pickDockerfile(): Promise<vscode.Uri | undefined> {
  const open = vscode.workspace.textDocuments.filter((document) => document.languageId === 'dockerfile' && document.uri.scheme === 'file').map((document) => document.uri);
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, '**/{node_modules,.git,dist,out,vendor}/**', 200);
  const seen = new Set(open.map((uri) => uri.toString()));
  const candidates = [...open, ...found.filter((uri) => !seen.has(uri.toString()))];
  if (candidates.length === 0) {
    void vscode.window.showErrorMessage('Dockscope: this workspace has no Dockerfile to build. Open a folder with one, or create one.');
    return undefined;
  }
  if (candidates.length === 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(candidates.map((uri) => ({
    label: vscode.workspace.asRelativePath(uri), description: seen.has(uri.toString()) ? 'open' : undefined, uri,
  })), { title: 'Build which Dockerfile?', matchOnDescription: true });
  return picked?.uri;
}

interface Parts {
  history: BuildHistory;
  inlineFigures: InlineFigures;
  statusBar: BuildStatusBar;
  panel: TimingsPanel;
  shell: Shell;
}

/** Resolves with the finished build's record (undefined when refused or abandoned). */
async function build(resource: unknown, given: BuildInputs | undefined, parts: Parts): Promise<BuildRecord | undefined> {
  const { history, inlineFigures, statusBar, panel, shell } = parts;
  const { output } = shell;
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Dockscope builds images only in trusted workspaces: a build runs the Dockerfile\'s commands and sends the folder to the Docker daemon. Trust this workspace to build.', 'Manage Workspace Trust')
      .then((choice) => { if (choice) void vscode.commands.executeCommand('workbench.trust.manage'); });
    return;
  }
  if (running) {
    void vscode.window.showInformationMessage('Dockscope is already running a build; cancel it from its notification first.');
    return;
  }
  const dockerfile = dockerfileFrom(resource) ?? await pickDockerfile();
  if (!dockerfile) return;
  const document = await vscode.workspace.openTextDocument(dockerfile);
  if (document.isDirty) await document.save();
  const inputs = given ?? await askBuildInputs(dockerfile, document.getText(), history.inputs(dockerfile.fsPath));
  if (!inputs) return;
  await history.rememberInputs(dockerfile.fsPath, inputs);

  const settings = readSettings(dockerfile);
  let docker: Docker;
  let endpoint = 'Docker';
  try {
    const connection = shell.docker.connect();
    endpoint = connection.endpoint.description;
    docker = connection.docker;
  } catch (error) {
    void vscode.window.showErrorMessage(`Dockscope: ${classifyDockerError(error, { words: EDITOR_WORDS }).message}`);
    return;
  }
  const buildArgs = Object.fromEntries(inputs.buildArgs.map((arg) => [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]));
  const name = path.basename(dockerfile.fsPath);
  output.info(`Building ${dockerfile.fsPath} (context ${inputs.context}, tag ${inputs.tag || 'none'}, target ${inputs.target || 'last stage'}) on ${endpoint}`);
  const controller = new AbortController();
  running = controller;
  const earlier = history.list(dockerfile.fsPath).find((old) => old.outcome === 'succeeded' && old.inputs !== undefined);
  let record: BuildRecord;
  try {
    record = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Building ${name}`, cancellable: true }, async (progress, token) => {
      token.onCancellationRequested(() => controller.abort());
      let shown: string | undefined;
      return runBuild(docker, {
        dockerfile: dockerfile.fsPath, context: inputs.context, tag: inputs.tag || undefined, target: inputs.target || undefined,
        buildArgs, network: settings.build.network, earlier: earlier?.inputs,
      }, {
        signal: controller.signal,
        onText: (text) => output.debug(text.trimEnd()),
        onProgress: ({ currentStep, steps }) => {
          if (!currentStep || currentStep === shown) return;
          shown = currentStep;
          const done = steps.filter((step) => step.completed && !step.internal).length;
          progress.report({ message: `${currentStep.replace(/\s+/g, ' ')} (${formatCount(done, 'step')} done)` });
          statusBar.showRunning(currentStep);
          output.info(`  ${currentStep}`);
        },
      });
    });
  } catch (error) {
    const failure = classifyDockerError(error, { words: EDITOR_WORDS, endpoint });
    output.error(`Build of ${dockerfile.fsPath} failed: ${failure.detail}`);
    void vscode.window.showErrorMessage(`Dockscope: ${failure.message}`);
    statusBar.update();
    return;
  } finally {
    running = undefined;
  }

  explainAgainst(earlier, record);
  await history.add(record, settings.build.historySize);
  logRecord(output, record);
  inlineFigures.setBuildRecord(record);
  statusBar.update();
  panel.show(record.dockerfile);
  if (record.outcome === 'succeeded' && record.image) {
    void showLayerSizes(docker, record, inlineFigures, output);
    void vscode.window.showInformationMessage(`Built ${record.tag || shortId(record.image)} in ${formatDuration(record.wallMs)}, ${record.cacheHits}/${record.totalSteps} steps from cache.`);
  } else if (record.outcome === 'failed') {
    const failed = failedStep(record);
    void vscode.window.showErrorMessage(`Build of ${name} failed${failed?.line ? ` at line ${failed.line}` : ''}: ${record.error ? explainBuildError(record.error, EDITOR_WORDS) : 'unknown error'}`, 'Show Output')
      .then((choice) => { if (choice) output.show(); });
  }
  return record;
}

/**
 * Sizes of the built image's layers next to the lines that made them, matched exactly as an
 * analysis of the same image matches them (engine/dockerfile/historyMatch.ts).
 */
async function showLayerSizes(docker: Docker, record: BuildRecord, inlineFigures: InlineFigures, output: vscode.LogOutputChannel): Promise<void> {
  try {
    const image = await getImageLayers(docker, record.image!);
    const text = (await vscode.workspace.openTextDocument(vscode.Uri.file(record.dockerfile))).getText();
    const match = matchImageToDockerfile(image, text, { target: record.target ?? undefined, builtSteps: record.steps });
    inlineFigures.setLayerSizes(vscode.Uri.file(record.dockerfile), sizesByLine(image, match), {
      id: image.id, label: record.tag || shortId(image.id),
      baseLine: match.baseLine === undefined ? undefined : match.baseLine + 1, baseName: image.base?.name,
    });
  } catch (error) {
    output.warn(`Layer sizes of ${record.image} unavailable: ${classifyDockerError(error, { words: EDITOR_WORDS }).detail}`);
  }
}

function logRecord(output: vscode.LogOutputChannel, record: BuildRecord): void {
  output.info(`Build ${record.outcome}: wall ${formatDuration(record.wallMs)}, accumulated ${formatDuration(record.accumulatedMs)}, cache ${record.cacheHits}/${record.totalSteps} (${formatPercent(cacheRatio(record))}), context ${contextSummary(record)}${record.image ? `, image ${record.image}` : ''}`);
  for (const step of record.steps) {
    const why = step.reason ? `  (${reasonText(step.reason)})` : '';
    output.info(`  ${step.cached ? 'cached ' : formatDuration(step.durationMs).padStart(7)}  ${step.line === null ? '' : `line ${step.line}: `}${step.name}${step.error ? `  FAILED: ${step.error}` : ''}${why}`);
  }
  const failed = failedStep(record);
  if (failed) for (const line of failed.logTail) output.error(`  | ${line}`);
}

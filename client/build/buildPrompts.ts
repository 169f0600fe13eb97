// Asks for the build inputs (tag, target stage, build args, context folder), pre-filled with
// what was used last time for this Dockerfile.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parse as parseShell } from 'shell-quote';
import { stageName } from '../../dockerfile/stages';
import { outlineDockerfile } from '../../engine/dockerfile/outline';
import { buildContextFor } from '../shell/settings';
import type { BuildInputs } from './buildHistory';
import { promptTitles } from './promptSteps';

const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** `A=1 B="two words"` → ['A=1', 'B=two words']; undefined when a word is not KEY=VALUE. */
function parseBuildArgs(text: string): string[] | undefined {
  // Variables stay literal (`$HOME`): the daemon receives exactly what was typed.
  const words = parseShell(text, (name) => `$${name}`).filter((word): word is string => typeof word === 'string');
  return words.every((word) => BUILD_ARG.test(word)) ? words : undefined;
}

function defaultTag(dockerfile: string): string {
  const folder = path.basename(path.dirname(dockerfile)).toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[^a-z0-9]+/, '');
  return `${folder || 'image'}:dev`;
}

export async function askBuildInputs(dockerfile: vscode.Uri, text: string, previous: BuildInputs | undefined): Promise<BuildInputs | undefined> {
  const stages = outlineDockerfile(text).stages;
  const titles = promptTitles(stages.length);
  const tag = await vscode.window.showInputBox({
    title: titles.tag,
    prompt: 'Name and tag for the image (empty: untagged)',
    value: previous?.tag ?? defaultTag(dockerfile.fsPath),
    validateInput: (value) => (/^[^\s]*$/.test(value) ? undefined : 'A tag has no spaces'),
  });
  if (tag === undefined) return undefined;

  let target = '';
  if (stages.length > 1) {
    const items: Array<vscode.QuickPickItem & { target: string }> = [
      { label: '$(layers) Last stage', description: stageName(stages[stages.length - 1]), target: '' },
      ...stages.filter((stage) => stage.name).map((stage) => ({ label: stage.name!, description: `line ${stage.instructions[0].line}`, target: stage.name! })),
    ];
    const remembered = items.find((item) => item.target === previous?.target);
    if (remembered) {
      items.splice(items.indexOf(remembered), 1);
      items.unshift(remembered);
    }
    const picked = await vscode.window.showQuickPick(items, { title: titles.target, placeHolder: 'Build up to which stage?' });
    if (!picked) return undefined;
    target = picked.target;
  }

  const argsText = await vscode.window.showInputBox({
    title: titles.buildArgs,
    prompt: 'KEY=VALUE pairs separated by spaces (quote values with spaces); empty for none',
    value: (previous?.buildArgs ?? []).map((arg) => (/\s/.test(arg) ? `"${arg.replace(/"/g, '\\"')}"` : arg)).join(' '),
    validateInput: (value) => (parseBuildArgs(value) ? undefined : 'Each argument is KEY=VALUE'),
  });
  if (argsText === undefined) return undefined;

  const suggested = previous?.context ?? buildContextFor(dockerfile);
  const contextItems: Array<vscode.QuickPickItem & { folder?: string }> = [
    { label: `$(folder) ${vscode.workspace.asRelativePath(suggested)}`, description: 'context folder', folder: suggested },
    { label: '$(folder-opened) Choose another folder…' },
  ];
  const contextPick = await vscode.window.showQuickPick(contextItems, { title: titles.context });
  if (!contextPick) return undefined;
  let context = contextPick.folder;
  if (!context) {
    const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, defaultUri: vscode.Uri.file(suggested), openLabel: 'Use as build context' });
    if (!chosen?.[0]) return undefined;
    context = chosen[0].fsPath;
  }
  return { tag, target, buildArgs: parseBuildArgs(argsText) ?? [], context };
}

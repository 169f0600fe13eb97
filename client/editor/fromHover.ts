// Hover on a FROM image the local daemon has: size, layer count, age and digest. Never pulls.
import * as vscode from 'vscode';
import { formatAge, formatBytes, shortId } from '../../common/format';
import { fromReferenceAt } from './fromImage';
import type { LocalImage, LocalImages } from './localImages';

function describeLocalImage(reference: string, image: LocalImage, now = Date.now()): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(undefined, true);
  markdown.appendMarkdown('**Local image** ');
  markdown.appendText(reference);
  markdown.appendMarkdown('\n\n');
  markdown.appendMarkdown(`| | |\n|---|---|\n`);
  markdown.appendMarkdown(`| Size | ${formatBytes(image.sizeBytes)} |\n`);
  markdown.appendMarkdown(`| Layers | ${image.layerCount} |\n`);
  markdown.appendMarkdown(`| Created | ${image.created ? `${new Date(image.created).toISOString().slice(0, 16).replace('T', ' ')} UTC (${formatAge(image.created, now)})` : 'unknown'} |\n`);
  markdown.appendMarkdown(`| Image ID | \`${shortId(image.id)}\` |\n`);
  const digest = image.repoDigests[0]?.split('@')[1];
  markdown.appendMarkdown(digest
    ? `| Digest | \`${digest}\` |\n`
    : '| Digest | none (built or loaded locally, never pulled) |\n');
  const showArgs = encodeURIComponent(JSON.stringify([{ imageId: image.id }]));
  markdown.appendMarkdown(`\n$(layers) [Show in the Layers view](command:dockscope.showLayers?${showArgs})`);
  markdown.isTrusted = { enabledCommands: ['dockscope.showLayers'] };
  return markdown;
}

export class FromImageHoverProvider implements vscode.HoverProvider {
  constructor(private readonly images: LocalImages) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.Hover | undefined> {
    const from = fromReferenceAt(document.getText(), position);
    if (!from?.resolved) return undefined;
    const image = await this.images.lookup(from.resolved);
    if (!image || token.isCancellationRequested) return undefined;
    const range = new vscode.Range(from.range.start.line, from.range.start.character, from.range.end.line, from.range.end.character);
    return new vscode.Hover(describeLocalImage(from.resolved, image), range);
  }
}

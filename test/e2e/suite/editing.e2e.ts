// The editing features of dockerfile-language-service through Dockscope's language server, in the
// real extension host with no other Dockerfile extension (so `languageFeatures: auto` is on):
// completion, hover docs, formatting, rename, definition, document links, folding.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateDockscope, completionLabels, dockerfile, eventually, hoverText } from './editorRequests';

const position = (line: number, character: number) => new vscode.Position(line, character);

/** The document's text once a command's edits are applied. */
async function applied(document: vscode.TextDocument, edit: vscode.WorkspaceEdit): Promise<string> {
  assert.equal(await vscode.workspace.applyEdit(edit), true);
  return document.getText();
}

suite('editing features (Dockscope alone)', () => {
  suiteSetup(async () => {
    await activateDockscope();
    // The features are registered once the server has the settings: wait for the first answer.
    const document = await dockerfile('FROM alpine:3.20\n');
    await eventually(async () => assert.ok((await completionLabels(document)).length > 0, 'no completion yet'));
  });

  test('instruction completion at the start of a line, flag completion after --', async () => {
    const instructions = await completionLabels(await dockerfile('FROM alpine:3.20\n'));
    for (const keyword of ['COPY', 'HEALTHCHECK', 'WORKDIR', 'RUN <<EOF']) {
      assert.ok(instructions.some((label) => label.startsWith(keyword)), `${keyword} in ${instructions.join(' | ')}`);
    }
    const copyFlags = await completionLabels(await dockerfile('FROM alpine:3.20\nCOPY --'));
    for (const flag of ['--from=', '--chown=', '--link', '--chmod=']) {
      assert.ok(copyFlags.some((label) => label.startsWith(flag)), `${flag} in ${copyFlags.join(' | ')}`);
    }
    assert.deepEqual((await completionLabels(await dockerfile('FROM alpine:3.20\nRUN --'))).sort(), ['--mount=', '--network=', '--security=']);
  });

  test('--from= offers the stages of the file', async () => {
    const labels = await completionLabels(await dockerfile('FROM golang:1.22 AS builder\nFROM alpine:3.20 AS tools\nFROM scratch\nCOPY --from='));
    assert.ok(labels.includes('builder') && labels.includes('tools'), labels.join(' | '));
  });

  test('hover on an instruction shows its documentation', async () => {
    const document = await dockerfile('FROM alpine:3.20\nWORKDIR /app\nRUN echo hi\n');
    assert.match(await hoverText(document, 1, 3), /working directory/i);
    assert.match(await hoverText(document, 2, 1), /Execute any commands/);
  });

  test('format document: instructions to the left edge, continuation lines indented', async () => {
    const document = await dockerfile('FROM alpine:3.20\n   RUN apk add \\\ncurl\n  USER 65532\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', document.uri, { tabSize: 4, insertSpaces: true });
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, edits);
    assert.equal(await applied(document, edit), 'FROM alpine:3.20\nRUN apk add \\\n    curl\nUSER 65532\n');
  });

  test('renaming a stage from its COPY --from user renames the stage and every user', async () => {
    const text = 'FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM build AS test\nFROM alpine:3.20\nCOPY --from=build /app /app\n';
    const document = await dockerfile(text);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', document.uri, position(4, 14), 'compile');
    assert.equal(await applied(document, edit), text.replace('AS build', 'AS compile').replace('FROM build', 'FROM compile').replace('--from=build', '--from=compile'));
  });

  test('go to definition: a stage from COPY --from=, an ARG from its use', async () => {
    const document = await dockerfile('ARG GO=1.22\nFROM golang:${GO} AS build\nFROM alpine:3.20\nCOPY --from=build /a /a\n');
    const definition = async (line: number, character: number) => {
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', document.uri, position(line, character));
      assert.equal(found.length, 1, JSON.stringify(found));
      const range = 'targetRange' in found[0] ? found[0].targetRange : found[0].range;
      return [range.start.line, range.start.character, range.end.line, range.end.character];
    };
    assert.deepEqual(await definition(3, 14), [1, 21, 1, 26]);
    assert.deepEqual(await definition(1, 15), [0, 4, 0, 6]);
  });

  test('a FROM image links to its registry page; a stage name does not', async () => {
    const document = await dockerfile('FROM golang:1.22 AS build\nFROM build AS test\nFROM ghcr.io/acme/tool:1\n');
    const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', document.uri, 10);
    const byLine = new Map(links.map((link) => [link.range.start.line, link.target?.toString()]));
    assert.equal(byLine.get(0), 'https://hub.docker.com/_/golang/');
    assert.equal(byLine.has(1), false, 'a stage is not an image');
    assert.equal(byLine.get(2), 'https://github.com/acme/tool/pkgs/container/tool');
  });

  test('today\'s syntax the library lacks: heredoc bodies, RUN --mount, the # check= directive', async () => {
    // A heredoc body is the script's: no instruction is offered in it, and formatting leaves it as written.
    const inBody = await completionLabels(await dockerfile('FROM alpine:3.20\nRUN <<EOF\nset -e\n'));
    assert.ok(!inBody.some((label) => label.startsWith('HEALTHCHECK')), inBody.join(' | '));
    const heredoc = await dockerfile('FROM alpine:3.20\n  RUN <<EOF\n  set -e\n    echo hi\nEOF\n');
    const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', heredoc.uri, { tabSize: 4, insertSpaces: true });
    const edit = new vscode.WorkspaceEdit();
    edit.set(heredoc.uri, edits);
    assert.equal(await applied(heredoc, edit), 'FROM alpine:3.20\nRUN <<EOF\n  set -e\n    echo hi\nEOF\n');
    const mountKeys = await completionLabels(await dockerfile('FROM alpine:3.20\nRUN --mount=type=cache,'));
    assert.ok(mountKeys.includes('target=') && mountKeys.includes('sharing='), mountKeys.join(' | '));
    assert.match(await hoverText(await dockerfile('FROM alpine:3.20\nRUN --mount=type=cache,target=/root/.cache apk add git\n'), 1, 7), /Mounts a filesystem for this command only/);
    const checks = await completionLabels(await dockerfile('# syntax=docker/dockerfile:1\n# check=skip=JSONArgs'));
    assert.ok(checks.includes('JSONArgsRecommended'), checks.join(' | '));
  });

  test('folding: a comment block, a continued RUN and a heredoc', async () => {
    const document = await dockerfile('# one\n# two\n# three\nFROM alpine:3.20\nRUN apk add \\\n    curl \\\n    git\nRUN <<EOF\nset -e\necho hi\nEOF\nUSER 65532\n');
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', document.uri);
    assert.deepEqual(ranges.map((range) => `${range.start}-${range.end}`).sort(), ['0-2', '4-6', '7-10']);
  });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-install-unpinned';

test('go-install-unpinned: flags remote installs without a version or with a moving query', () => {
  const text = [
    'FROM golang:1.22',
    'RUN go install github.com/go-delve/delve/cmd/dlv@latest',
    'RUN go install \\',
    '    golang.org/x/tools/cmd/goimports',
    'RUN go get -u github.com/swaggo/swag/cmd/swag',
    'RUN go run github.com/a-h/templ/cmd/templ@main generate',
  ].join('\n');
  // go get outside a module (line 4) is go-get-outside-module's finding.
  expectLinesInEveryForm(ID, text, [1, 3, 5]);
  const [latest, bare] = findingsOf(ID, text);
  assert.equal(latest.severity, 'warning');
  // No go.mod anywhere: go install without a version stops the build.
  assert.equal(bare.severity, 'error');
  assert.match(bare.message, /requires a version/);
  assert.deepEqual(latest.range, { start: { line: 1, character: 15 }, end: { line: 1, character: 55 } });
  assert.match(latest.message, /@latest/);
  assert.deepEqual(bare.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 36 } });
  assert.deepEqual(findingsOf(ID, text)[0].rule.meta.aliases, ['DL3062']);
});

test('go-install-unpinned: silent for pinned, local and go.mod-pinned packages', () => {
  const text = [
    'FROM golang:1.22',
    'COPY go.mod go.sum ./',
    'RUN go install github.com/go-delve/delve/cmd/dlv@v1.23.1',
    'RUN go install golang.org/x/tools/cmd/goimports@v0.24.0 && go install ./cmd/...',
    'RUN go install . && go run main.go && go run ./cmd/gen',
    'RUN go install github.com/x/y@0123456789ab',
    'RUN go install github.com/swaggo/swag/cmd/swag', // required by go.mod: that version is used
    'RUN go get github.com/x/y@none',
  ].join('\n');
  const files = { 'go.mod': 'module example.com/a\n\ngo 1.22\n\nrequire (\n\tgithub.com/swaggo/swag v1.16.3\n)\n' };
  expectLinesInEveryForm(ID, text, [], { files });
  // `go get` without a version upgrades, even when go.mod requires the module.
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nCOPY . .\nRUN go get github.com/swaggo/swag/cmd/swag\n', [2], { files });
});

test('go-install-unpinned: go install without a version inside a module takes go.mod\'s version', () => {
  // Since Go 1.16 go install never picks the newest version by itself: go.mod pins it (or the
  // build fails with "no required module provides package"), whatever the rule can see of go.mod.
  for (const text of [
    'FROM golang:1.23\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go install github.com/sqlc-dev/sqlc/cmd/sqlc\n',
    'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN cd tools && go install github.com/golangci/golangci-lint/cmd/golangci-lint\n',
    'FROM golang:1.23\nWORKDIR /src\nCOPY tools/ tools/\nRUN go install -modfile=tools/go.mod github.com/x/tool\n',
  ]) expectLinesInEveryForm(ID, text, []);
  // Before Go 1.16 a package go.mod does not require was added at its newest version.
  expectLinesInEveryForm(ID, 'FROM golang:1.15\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go install github.com/x/tool\n', [3]);
});

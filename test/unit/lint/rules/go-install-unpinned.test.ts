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
  expectLinesInEveryForm(ID, text, [1, 3, 4, 5]);
  const [latest, bare] = findingsOf(ID, text);
  assert.equal(latest.severity, 'warning');
  assert.deepEqual(latest.range, { start: { line: 1, character: 15 }, end: { line: 1, character: 55 } });
  assert.match(latest.message, /@latest/);
  assert.deepEqual(bare.range, { start: { line: 3, character: 4 }, end: { line: 3, character: 36 } });
  assert.deepEqual(findingsOf(ID, text)[0].rule.meta.aliases, ['DL3062']);
});

test('go-install-unpinned: silent for pinned, local and go.mod-pinned packages', () => {
  const text = [
    'FROM golang:1.22',
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
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nRUN go get github.com/swaggo/swag/cmd/swag\n', [1], { files });
});

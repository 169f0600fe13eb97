import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-mod-mutation';

test('go-mod-mutation: flags go mod tidy and go get in the build', () => {
  const text = 'FROM golang:1.22\nCOPY . .\nRUN go mod tidy && \\\n    go get github.com/gin-gonic/gin@v1.10.0 && \\\n    go build -o /app .\n';
  expectLinesInEveryForm(ID, text, [2, 3]);
  const [tidy] = findingsOf(ID, text);
  assert.equal(tidy.severity, 'warning');
  assert.deepEqual(tidy.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 15 } });
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nRUN env GOFLAGS=-mod=mod go mod tidy -v\n', [1]);
});

test('go-mod-mutation: silent for download, verify, tidy -diff and GOPATH-mode go get', () => {
  for (const text of [
    'FROM golang:1.22\nRUN go mod download && go mod verify\n',
    'FROM golang:1.23\nRUN go mod tidy -diff\n',
    'FROM golang:1.15\nENV GO111MODULE=off\nRUN go get github.com/x/y\n',
    'FROM golang:1.22\nRUN echo go mod tidy\n',
    'FROM golang:1.12\nRUN go get -d github.com/x/y\n', // GOPATH mode: no go.mod in the context
  ]) expectLinesInEveryForm(ID, text, []);
  expectLinesInEveryForm(ID, 'FROM golang:1.12\nRUN go get -d github.com/x/y\n', [1], { files: { 'go.mod': 'module x\n\ngo 1.12\n' } });
});

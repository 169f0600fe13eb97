import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-mod-mutation';
const MODULE = { files: { 'go.mod': 'module example.com/svc\n\ngo 1.22\n' } };

test('go-mod-mutation: flags go mod tidy and go get on the go.mod the build copied in', () => {
  const text = 'FROM golang:1.22\nCOPY . .\nRUN go mod tidy && \\\n    go get github.com/gin-gonic/gin@v1.10.0 && \\\n    go build -o /app .\n';
  expectLinesInEveryForm(ID, text, [2, 3], MODULE);
  const [tidy] = findingsOf(ID, text, MODULE);
  assert.equal(tidy.severity, 'warning');
  assert.deepEqual(tidy.range, { start: { line: 2, character: 4 }, end: { line: 2, character: 15 } });
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nCOPY . .\nRUN env GOFLAGS=-mod=mod go mod tidy -v\n', [2], MODULE);
  // An explicit COPY of go.mod, or a bind mount of it, is a module whatever the context holds.
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go get github.com/x/y@v1.0.0\n', [3]);
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nRUN --mount=type=bind,source=go.mod,target=go.mod go get github.com/x/y\n', [2]);
});

test('go-mod-mutation: go get with no go.mod in reach rewrites nothing (go-get-outside-module judges it)', () => {
  for (const text of [
    'FROM golang:1.22\nRUN go get github.com/x/tool\n',
    'FROM golang:1.12\nRUN go get -d github.com/x/y\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod /elsewhere/\nRUN go get github.com/x/y\n',
  ]) {
    expectLinesInEveryForm(ID, text, []);
    expectLinesInEveryForm(ID, text, [], MODULE); // the context's go.mod is not in the image
  }
  // Unknown (COPY . . of a context not seen here) or not the committed go.mod (cloned, generated): silent.
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nCOPY . .\nRUN go get github.com/x/y\n', []);
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nCOPY . .\nRUN go mod tidy\n', []);
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nRUN git clone https://example.com/app.git /app\nWORKDIR /app\nRUN go mod tidy\n', []);
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod init example.com/x && go mod tidy\n', [], MODULE);
});

test('go-mod-mutation: silent for download, verify, tidy -diff and GOPATH-mode go get', () => {
  for (const text of [
    'FROM golang:1.22\nCOPY . .\nRUN go mod download && go mod verify\n',
    'FROM golang:1.23\nCOPY . .\nRUN go mod tidy -diff\n',
    'FROM golang:1.15\nENV GO111MODULE=off\nCOPY . .\nRUN go get github.com/x/y\n',
    'FROM golang:1.22\nCOPY . .\nRUN echo go mod tidy\n',
  ]) expectLinesInEveryForm(ID, text, [], MODULE);
});

test('go-mod-mutation: go mod tidy that completes a deliberate go mod edit is left alone', () => {
  const text = 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go mod edit -replace example.com/dep=./instrumented && go mod tidy\n';
  expectLinesInEveryForm(ID, text, [], MODULE);
  expectLinesInEveryForm(ID, 'FROM golang:1.23\nWORKDIR /src\nCOPY . .\nRUN go mod edit -go=1.23\nRUN go mod tidy\n', [], MODULE);
});

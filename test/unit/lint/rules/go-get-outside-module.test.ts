import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-get-outside-module';

test('go-get-outside-module: go get of a program with no go.mod anywhere is a build failure on Go 1.18+', () => {
  const text = 'FROM golang:1.21-alpine\nRUN apk add --no-cache git \\\n && go get github.com/acme/tool/cmd/tool\nENTRYPOINT ["tool"]\n';
  expectLinesInEveryForm(ID, text, [2]);
  const [finding] = findingsOf(ID, text);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /no longer supported outside a module/);
  assert.match(finding.message, /Go 1\.21/);
  // A floating tag is the newest Go.
  assert.equal(findingsOf(ID, 'FROM golang:alpine\nRUN go get -u github.com/acme/tool\n')[0].severity, 'error');
  assert.match(findingsOf(ID, 'FROM golang\nRUN go get github.com/acme/tool\n')[0].message, /the newest Go/);
});

test('go-get-outside-module: severity follows what that Go version does', () => {
  const severity = (text: string) => findingsOf(ID, text).map((f) => f.severity);
  // Go 1.16/1.17 still install with a deprecation notice.
  assert.deepEqual(severity('FROM golang:1.17\nRUN go get github.com/acme/tool\n'), ['info']);
  // Before 1.16 GOPATH mode is how go get works: nothing to say.
  assert.deepEqual(severity('FROM golang:1.13\nRUN go get github.com/acme/tool\n'), []);
  // GOPATH mode lost go get in 1.22.
  assert.deepEqual(severity('FROM golang:1.23\nENV GO111MODULE=off\nRUN go get github.com/acme/tool\n'), ['error']);
  assert.deepEqual(severity('FROM golang:1.20\nENV GO111MODULE=off\nRUN go get github.com/acme/tool\n'), ['info']);
  // Go from a package manager of a release the rule has no version for: the message says what it assumed.
  const fedora = findingsOf(ID, 'FROM fedora:40\nRUN dnf install -y golang git && go get github.com/acme/tool\n');
  assert.deepEqual(fedora.map((f) => f.severity), ['warning']);
  assert.match(fedora[0].message, /not known here/);
});

test('go-get-outside-module: silent inside a module or where a go.mod may be', () => {
  for (const text of [
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go get github.com/acme/lib@v1.2.0\n',
    'FROM golang:1.22\nWORKDIR /src\nRUN --mount=type=bind,target=. go get github.com/acme/lib\n',
    'FROM golang:1.22\nWORKDIR /src\nRUN go mod init example.com/x && go get github.com/acme/lib\n',
    'FROM golang:1.22\nRUN git clone https://github.com/acme/app /go/src/app\nWORKDIR /go/src/app\nRUN go get ./...\n',
    'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go get github.com/acme/lib\n', // the context is not known here
    'FROM golang:1.22\nRUN cd /src && go get github.com/acme/lib\n',
    'FROM mycompany/go-base:1\nRUN go get github.com/acme/lib\n',
    'FROM golang:1.22\nRUN echo go get github.com/acme/lib\n',
  ]) expectLinesInEveryForm(ID, text, []);
  // `COPY . .` of a context that has a go.mod is a module (go-mod-mutation's business).
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go get github.com/acme/lib\n', [], { files: { 'go.mod': 'module x\n\ngo 1.22\n' } });
  // A COPY of single files or into another folder brings no go.mod to the working directory.
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nCOPY . /other\nRUN go get github.com/acme/tool\n', [4]);
});

test('go-get-outside-module: the fix is go install pkg@latest, and says it takes the newest release', () => {
  const text = 'FROM golang:1.22\nRUN go get -u -v github.com/acme/tool/cmd/tool\n';
  const fixed = expectFixClears(ID, text);
  assert.deepEqual(fixed, ['FROM golang:1.22\nRUN go install -v github.com/acme/tool/cmd/tool@latest\n']);
  assert.match(findingsOf(ID, text)[0].fixes![0].title, /go install github\.com\/acme\/tool\/cmd\/tool@latest \(the newest release/);
  expectFixClearsInEveryForm(ID, text);
  // A version given to go get is kept; several packages get one go install each.
  assert.deepEqual(expectFixClears(ID, 'FROM golang:1.22\nRUN go get github.com/a/x@v1.0.0 github.com/b/y && true\n'),
    ['FROM golang:1.22\nRUN go install github.com/a/x@v1.0.0 && go install github.com/b/y@latest && true\n']);
  // GO111MODULE=off from ENV: go install pkg@version needs module mode.
  assert.deepEqual(expectFixClears(ID, 'FROM golang:1.22\nENV GO111MODULE=off\nRUN go get github.com/a/x\n'),
    ['FROM golang:1.22\nENV GO111MODULE=off\nRUN GO111MODULE=on go install github.com/a/x@latest\n']);
});

test('go-get-outside-module: no fix where the stage builds from the GOPATH sources go get fetched', () => {
  for (const text of [
    'FROM golang:1.22\nRUN go get -d github.com/acme/tool\n',
    'FROM golang:1.22\nRUN go get github.com/acme/tool && cd /go/src/github.com/acme/tool && make\n',
    'FROM golang:1.22\nRUN go get github.com/acme/lib\nCOPY main.go .\nRUN go build -o /app main.go\n',
  ]) {
    const findings = findingsOf(ID, text);
    assert.equal(findings.length, 1, text);
    assert.equal(findings[0].fixes, undefined, text);
  }
});

test('go-get-outside-module: Go from the distribution has that release\'s version', () => {
  const severity = (from: string, install: string) => findingsOf(ID, `FROM ${from}\nRUN ${install} && go get github.com/acme/tool\n`).map((f) => f.severity);
  // alpine 3.8 packages Go 1.10: GOPATH mode, go get installs.
  assert.deepEqual(severity('alpine:3.8', 'apk add --no-cache go git musl-dev'), []);
  // alpine 3.15 packages Go 1.17: still installs, deprecated.
  assert.deepEqual(severity('alpine:3.15', 'apk add --no-cache go git'), ['info']);
  assert.deepEqual(severity('alpine:3.20', 'apk add --no-cache go git'), ['error']);
  // A floating alpine is the newest release, with the newest Go.
  assert.deepEqual(severity('alpine', 'apk add --no-cache go git'), ['error']);
  assert.deepEqual(severity('debian:bookworm', 'apt-get install -y golang-go git'), ['error']);
  assert.deepEqual(severity('ubuntu:20.04', 'apt-get install -y golang-go git'), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { continuationForms, expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-mod-cache-order';
const goMod = 'module example.com/svc\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.10.0\n';
const files = { 'go.mod': goMod, 'go.sum': 'github.com/gin-gonic/gin v1.10.0 h1:x\n' };

test('go-mod-cache-order: flags the source COPY before go build / go mod download', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download && \\\n    go build -o /app .\n';
  expectLinesInEveryForm(ID, text, [2], { files });
  const [finding] = findingsOf(ID, text, { files });
  assert.deepEqual(finding.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
  assert.equal(finding.related?.[0].range.start.line, 3);
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY *.go ./\nRUN go build -o /app .\n', [2], { files });
  // The copy in a parent stage, the build in a child stage.
  expectLinesInEveryForm(ID, 'FROM golang:1.22 AS src\nWORKDIR /src\nADD . .\nFROM src AS build\nRUN go build -o /app .\n', [2], { files });
});

test('go-mod-cache-order: silent when go.mod comes first, without go.mod, or for vendored builds', () => {
  const ordered = 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n';
  expectLinesInEveryForm(ID, ordered, [], { files });
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY go.* ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n', [], { files });
  const bindMount = [
    'FROM golang:1.22', 'WORKDIR /src',
    'RUN --mount=type=bind,source=go.mod,target=go.mod \\', '    --mount=type=bind,source=go.sum,target=go.sum \\', '    go mod download',
    'COPY . .', 'RUN go build -o /app .',
  ].join('\n');
  expectLinesInEveryForm(ID, bindMount, [], { files });
  const naive = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\n';
  expectLinesInEveryForm(ID, naive, [], { files: {} });
  expectLinesInEveryForm(ID, naive, [], { files: { ...files, 'vendor/modules.txt': '# x\n' } });
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -mod=vendor -o /app .\n', [], { files });
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN echo built\n', [], { files });
  expectLinesInEveryForm(ID, 'FROM golang:1.22 AS a\nCOPY . .\nFROM golang:1.22\nRUN go build -o /app .\n', [], { files });
  // Modules come from a cache mount or from a download stage: an edit does not re-download them.
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build -o /app .\n', [], { files });
  expectLinesInEveryForm(ID, 'FROM golang:1.22 AS deps\nCOPY go.mod go.sum ./\nRUN go mod download\nFROM golang:1.22\nCOPY --from=deps /go/pkg/mod /go/pkg/mod\nCOPY . .\nRUN go build -o /app .\n', [], { files });
});

test('go-mod-cache-order: the fix inserts the go.mod copy and download before the source COPY', () => {
  const text = 'FROM golang:1.22\nWORKDIR /src\nCOPY --chown=1000:1000 . .\nRUN go build -o /app .\n';
  assert.deepEqual(expectFixClears(ID, text, { files }), [
    'FROM golang:1.22\nWORKDIR /src\nCOPY --chown=1000:1000 go.mod go.sum ./\nRUN go mod download\nCOPY --chown=1000:1000 . .\nRUN go build -o /app .\n',
  ]);
  // No go.sum in the context (a module without dependencies): COPY of a missing file fails.
  const [noSum] = expectFixClears(ID, text, { files: { 'go.mod': 'module example.com/svc\n\ngo 1.22\n' } });
  assert.match(noSum, /^COPY --chown=1000:1000 go\.mod \.\/$/m);
  // Copied elsewhere than WORKDIR: download there.
  const [elsewhere] = expectFixClears(ID, 'FROM golang:1.22\n  COPY . /go/src/app\n  RUN cd /go/src/app && go build -o /app .\n', { files });
  assert.equal(elsewhere, 'FROM golang:1.22\n  COPY go.mod go.sum /go/src/app/\n  RUN cd /go/src/app && go mod download\n  COPY . /go/src/app\n  RUN cd /go/src/app && go build -o /app .\n');
  expectFixClearsInEveryForm(ID, 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download && \\\n    go build -o /app .\n', { files });
});

test('go-mod-cache-order: the fix moves a standalone go mod download from after the source COPY, flags and all', () => {
  const cases: Array<[string, string]> = [
    ['FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download\nRUN go build -o /app .\n',
      'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n'],
    // With a cache mount the download itself is not flagged, the build after it is.
    ['FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download -x\nRUN go build -o /app .\n',
      'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    go mod download -x\nCOPY . .\nRUN go build -o /app .\n'],
  ];
  for (const [text, fixed] of cases) {
    const expected = continuationForms(fixed);
    continuationForms(text).forEach((form, i) => {
      assert.deepEqual(expectFixClears(ID, form.text, { files }), [expected[i].text], `the ${form.name} form`);
    });
  }
});

test('go-mod-cache-order: a download that is not alone, or not right after the COPY, stays where it is', () => {
  const combined = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go mod download && go mod verify\nRUN go build -o /app .\n';
  assert.deepEqual(expectFixClears(ID, combined, { files }), [
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go mod download && go mod verify\nRUN go build -o /app .\n',
  ]);
  const later = 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nENV CGO_ENABLED=0\nRUN go mod download\nRUN go build -o /app .\n';
  assert.deepEqual(expectFixClears(ID, later, { files }), [
    'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nENV CGO_ENABLED=0\nRUN go mod download\nRUN go build -o /app .\n',
  ]);
});

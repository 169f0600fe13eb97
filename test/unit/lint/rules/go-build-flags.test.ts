import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const ID = 'go-build-flags';
const shipped = (build: string, builder = 'golang:1.22') =>
  `FROM ${builder} AS builder\nWORKDIR /src\n${build}\nFROM scratch\nCOPY --from=builder /out/app /app\nENTRYPOINT ["/app"]\n`;

test('go-build-flags: flags a shipped build without -trimpath or -s -w', () => {
  const text = shipped('RUN CGO_ENABLED=0 go build -o /out/app .');
  expectLinesInEveryForm(ID, text, [2]);
  const [finding] = findingsOf(ID, text);
  assert.equal(finding.severity, 'info');
  assert.deepEqual(finding.range, { start: { line: 2, character: 18 }, end: { line: 2, character: 26 } });
  assert.match(finding.message, /-trimpath and -ldflags "-s -w"/);
  assert.match(findingsOf(ID, shipped('RUN go build -trimpath -o /out/app .'))[0].message, /without -ldflags "-s -w"/);
  // Go before 1.22: -s does not imply -w.
  assert.match(findingsOf(ID, shipped('RUN go build -trimpath -ldflags=-s -o /out/app .', 'golang:1.21'))[0].message, /-ldflags "-w"/);
  // Built in the final stage itself.
  expectLinesInEveryForm(ID, 'FROM golang:1.22\nRUN go build \\\n    -o /app .\nCMD ["/app"]\n', [1]);
});

test('go-build-flags: silent when complete, for debug builds, and for binaries that are not shipped', () => {
  for (const build of [
    'RUN go build -trimpath -ldflags="-s -w" -o /out/app .',
    'RUN go build -trimpath -ldflags "-s -w -X main.version=1" -o /out/app .',
    'RUN go build -trimpath -ldflags=-s -o /out/app .', // Go 1.22+: -s implies -w
    'ENV GOFLAGS=-trimpath\nRUN go build -ldflags="-s -w" -o /out/app .',
    'RUN go build -gcflags="all=-N -l" -trimpath -o /out/app .',
    'RUN go build -o /out/tool ./cmd/tool', // not copied into the final image
  ]) expectLinesInEveryForm(ID, shipped(build), []);
  expectLinesInEveryForm(ID, 'FROM golang:1.22 AS test\nRUN go build -o /app .\nFROM alpine:3.20\nCMD ["true"]\n', []);
});

test('go-build-flags: a repeated -ldflags is flagged at the ignored one', () => {
  const text = shipped('RUN go build -trimpath -ldflags="-s -w" -ldflags "-X main.v=1" -o /out/app .');
  expectLinesInEveryForm(ID, text, [2, 2]);
  const findings = findingsOf(ID, text);
  assert.equal(findings.length, 2); // the repeated flag, and -s -w missing from the last one
  const repeated = findings.find((f) => /only the last one counts/.test(f.message))!;
  assert.deepEqual(repeated.range, { start: { line: 2, character: 23 }, end: { line: 2, character: 39 } });
  const merged = repeated.fixes![0];
  assert.equal(merged.title, 'Merge into one -ldflags');
});

test('go-build-flags: the fixes add the missing flags keeping the quoting', () => {
  assert.deepEqual(expectFixClears(ID, shipped('RUN go build -o /out/app .')), [shipped('RUN go build -trimpath -ldflags="-s -w" -o /out/app .')]);
  assert.deepEqual(expectFixClears(ID, shipped("RUN go build -trimpath -ldflags '-X main.v=1' -o /out/app .")), [shipped("RUN go build -trimpath -ldflags '-s -w -X main.v=1' -o /out/app .")]);
  assert.deepEqual(expectFixClears(ID, shipped('RUN go build -trimpath -ldflags=-X=main.v=1 -o /out/app .')), [shipped('RUN go build -trimpath -ldflags="-s -w -X=main.v=1" -o /out/app .')]);
  assert.deepEqual(expectFixClears(ID, shipped('RUN go build -ldflags="-w" -o /out/app .', 'golang:1.21')), [shipped('RUN go build -trimpath -ldflags="-s -w" -o /out/app .', 'golang:1.21')]);
  const repeated = shipped('RUN go build -trimpath -ldflags="-s -w" -ldflags "-X main.v=1" -o /out/app .');
  const fixes = expectFixClears(ID, repeated);
  assert.ok(fixes.includes(shipped('RUN go build -trimpath -ldflags="-s -w -X main.v=1" -o /out/app .')), fixes.join('\n---\n'));
  expectFixClearsInEveryForm(ID, shipped('RUN CGO_ENABLED=0 go build \\\n    -o /out/app \\\n    .'));
});

test('go-build-flags: reads every spelling of -ldflags and its values', () => {
  const shipped = (build: string, before = '') => `FROM golang:1.23 AS b\n${before}RUN ${build}\nFROM scratch\nCOPY --from=b /app /app\nCMD ["/app"]\n`;
  for (const build of [
    'go build -trimpath --ldflags=--s -o /app .',
    'go build -trimpath -ldflags=-s -o /app .',
    'go build --trimpath --ldflags "-s=true -w" -o /app .',
  ]) expectLinesInEveryForm('go-build-flags', shipped(build), []);
  // Only the variable's known default says what is in it.
  expectLinesInEveryForm('go-build-flags', shipped('go build -trimpath -ldflags "${LDFLAGS}" -o /app .', 'ARG LDFLAGS\n'), []);
  expectLinesInEveryForm('go-build-flags', shipped('go build -trimpath -ldflags "${LDFLAGS} -X main.v=1" -o /app .', 'ARG LDFLAGS="-s -w"\n'), []);
  expectLinesInEveryForm('go-build-flags', shipped('go build -trimpath -ldflags "${LDFLAGS}" -o /app .', 'ARG LDFLAGS="-X main.v=1"\n'), [2]);
  // -ldflags in GOFLAGS counts; GOFLAGS unknown at lint time leaves everything open.
  expectLinesInEveryForm('go-build-flags', shipped('go build -o /app .', 'ENV GOFLAGS="-trimpath -ldflags=-s"\n'), []);
  expectLinesInEveryForm('go-build-flags', shipped('go build -o /app .', 'ARG GOFLAGS\n'), []);
});

test('go-build-flags: a debugger build asks for nothing', () => {
  const text = 'FROM golang:1.23 AS b\nRUN go build -gcflags="all=-N -l" -o /app .\nFROM alpine:3.20\nCOPY --from=b /app /app\nCMD ["dlv", "exec", "/app"]\n';
  expectLinesInEveryForm('go-build-flags', text, []);
});

test('go-build-flags: -trimpath on an Alpine Go before 1.20 with cgo on is not a safe fix (runtime/cgo needs gcc)', () => {
  const alpine119 = 'FROM golang:1.19-alpine AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nFROM alpine:3.19\nCOPY --from=build /app /app\nCMD ["/app"]\n';
  const [finding] = findingsOf('go-build-flags', alpine119, { files: { 'go.mod': 'module x\n\ngo 1.19\n' } });
  assert.equal(finding.fixes?.[0].safe, false);
  assert.match(finding.fixes?.[0].title ?? '', /no C compiler here: set CGO_ENABLED=0 too/);
  for (const safe of [alpine119.replace('go build', 'CGO_ENABLED=0 go build'), alpine119.replace('1.19-alpine', '1.22-alpine'), alpine119.replace('1.19-alpine', '1.19-bookworm')]) {
    const [other] = findingsOf('go-build-flags', safe, { files: { 'go.mod': 'module x\n\ngo 1.19\n' } });
    assert.equal(other.fixes?.[0].safe, true, safe.split('\n')[0] + ' ' + safe.split('\n')[3]);
  }
});

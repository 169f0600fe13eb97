import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('consecutive-run: flags a RUN right after another RUN of the stage', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN addgroup -S app',
    '# the user',
    'RUN adduser -S -G app app \\',
    '    -h /home/app',
    'COPY x /x',
    'RUN chmod +x /x',
    'RUN mkdir -p /data',
  ].join('\n');
  expectLinesInEveryForm('consecutive-run', text, [3, 7]);
  const [first] = findingsOf('consecutive-run', text);
  assert.equal(first.severity, 'info');
  assert.deepEqual(first.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } });
  assert.equal(first.related?.[0].range.start.line, 1);
  expectFixClearsInEveryForm('consecutive-run', text);
});

test('consecutive-run: the merge keeps the file style (indent, backtick, CRLF, trailing comments)', () => {
  assert.deepEqual(expectFixClears('consecutive-run', 'FROM alpine:3.20\nRUN mkdir /a # first\nRUN mkdir /b\n'),
    ['FROM alpine:3.20\nRUN mkdir /a && \\\n    mkdir /b # first\n']);
  assert.deepEqual(expectFixClears('consecutive-run', 'FROM alpine:3.20\nRUN apk add \\\n  git\nRUN c\n'),
    ['FROM alpine:3.20\nRUN apk add \\\n  git && \\\n  c\n']);
  assert.deepEqual(expectFixClears('consecutive-run', '# escape=`\r\nFROM alpine:3.20\r\nRUN mkdir /a\r\nRUN mkdir /b\r\n'),
    ['# escape=`\r\nFROM alpine:3.20\r\nRUN mkdir /a && `\r\n    mkdir /b\r\n']);
  assert.deepEqual(expectFixClears('consecutive-run', 'FROM alpine:3.20\nrun --mount=type=cache,target=/x a\nrun --mount=type=cache,target=/x b\n'),
    ['FROM alpine:3.20\nrun --mount=type=cache,target=/x a && \\\n    b\n']);
});

test('consecutive-run: reported without a fix when merging would change what runs', () => {
  for (const text of [
    'FROM alpine:3.20\nRUN cd /src\nRUN make\n',
    'FROM alpine:3.20\nRUN export X=1\nRUN make\n',
  ]) {
    const [finding] = findingsOf('consecutive-run', text);
    assert.ok(finding, text);
    assert.equal(finding.fixes, undefined, text);
  }
});

test('consecutive-run: RUNs that already chain commands were kept apart on purpose (as DL3059)', () => {
  const text = [
    'FROM alpine:3.20',
    'RUN apk add --no-cache git && git --version',
    'RUN make',
    'RUN make install; make clean',
    'RUN curl -fsSL https://example.com/x | tar xz',
    'RUN echo "$(date)" > /built-at',
    'RUN check',
    'RUN X=1 verify',
  ].join('\n');
  // Only the last pair is two single-command RUNs.
  expectLinesInEveryForm('consecutive-run', text, [7]);
});

test('consecutive-run: silent for different flags, exec form, heredocs, big RUNs, other stages, apt-get update', () => {
  const text = [
    'FROM alpine:3.20 AS a',
    'RUN --mount=type=cache,target=/root/.cache go build ./...',
    'RUN go vet ./...',
    'RUN ["/bin/true"]',
    'RUN echo one',
    'RUN <<EOF',
    'echo two',
    'EOF',
    'RUN echo three',
    'RUN a && b && c',
    'RUN d',
    'FROM a',
    'RUN echo four',
    'FROM debian:bookworm-slim',
    'RUN apt-get update',
    'RUN apt-get install -y git',
    'ONBUILD RUN x',
    'ONBUILD RUN y',
  ].join('\n');
  expectLinesInEveryForm('consecutive-run', text, []);
});

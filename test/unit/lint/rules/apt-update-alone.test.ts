import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('apt-update-alone: flags a RUN that only updates the index', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get update',
    'RUN apt-get install -y --no-install-recommends curl && \\',
    '    rm -rf /var/lib/apt/lists/*',
    'RUN apt-get -q update && echo updated',
  ].join('\n');
  expectLinesInEveryForm('apt-update-alone', text, [1, 4]);
  const [first] = findingsOf('apt-update-alone', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 18 } });
  assert.equal(first.related?.[0].range.start.line, 2);
  expectFixClearsInEveryForm('apt-update-alone', text.split('\n').slice(0, 4).join('\n'));
});

test('apt-update-alone: the merge keeps indentation, escape char, CRLF and the flags of the next RUN', () => {
  assert.deepEqual(expectFixClears('apt-update-alone', 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y git\n'),
    ['FROM debian:bookworm-slim\nRUN apt-get update && \\\n    apt-get install -y git\n']);
  assert.deepEqual(expectFixClears('apt-update-alone', '# escape=`\r\nFROM debian:bookworm-slim\r\n  RUN apt-get update\r\n  RUN apt-get install -y `\r\n      git\r\n'),
    ['# escape=`\r\nFROM debian:bookworm-slim\r\n  RUN apt-get update && `\r\n      apt-get install -y `\r\n      git\r\n']);
  const mounted = 'FROM debian:bookworm-slim\nRUN apt-get update\nRUN --mount=type=cache,target=/var/cache/apt apt-get install -y git\n';
  assert.deepEqual(expectFixClears('apt-update-alone', mounted),
    ['FROM debian:bookworm-slim\nRUN --mount=type=cache,target=/var/cache/apt apt-get update && \\\n    apt-get install -y git\n']);
});

test('apt-update-alone: no fix when nothing mergeable follows', () => {
  for (const text of [
    'FROM debian:bookworm-slim\nRUN apt-get update\nCOPY . /src\nRUN apt-get install -y git\n',
    'FROM debian:bookworm-slim\nRUN apt-get update\n',
    'FROM debian:bookworm-slim\nRUN apt-get update\nRUN apt-get install -y git || true\n',
    'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\nEOF\nRUN apt-get install -y git\n',
  ]) {
    const [finding] = findingsOf('apt-update-alone', text);
    assert.ok(finding, text);
    assert.equal(finding.fixes, undefined, text);
  }
});

test('apt-update-alone: silent when the same RUN uses the index', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get update && apt-get install -y git',
    'RUN apt-get update && apt-cache policy git',
    'RUN apt-get update && ./install-deps.sh',
    'RUN apt-get update && apt-get upgrade -y',
    'RUN echo "apt-get update"',
    'RUN ["apt-get", "update"]',
  ].join('\n');
  expectLinesInEveryForm('apt-update-alone', text, []);
  assert.deepEqual(linesOf('apt-update-alone', 'FROM debian:bookworm-slim\nRUN <<EOF\napt-get update\napt-get install -y git\nEOF\n'), []);
});

test('apt-update-alone: an ONBUILD RUN of only apt-get update is reported, without a merge', () => {
  const text = 'FROM debian:12\nONBUILD RUN apt-get update\nONBUILD RUN apt-get install -y curl\n';
  expectLinesInEveryForm('apt-update-alone', text, [1]);
  assert.equal(findingsOf('apt-update-alone', text)[0].fixes, undefined);
});

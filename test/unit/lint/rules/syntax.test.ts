import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('syntax: unknown instructions are errors, with a fix when a keyword is close', () => {
  const text = 'FROM alpine:3.20\nRUNN echo hi\nFOO bar\n';
  expectLinesInEveryForm('syntax', text, [1, 2]);
  const [typo, unknown] = findingsOf('syntax', text);
  assert.match(typo.message, /did you mean RUN/);
  assert.equal(typo.severity, 'error');
  assert.deepEqual(typo.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 4 } });
  assert.equal(unknown.fixes, undefined);
  assert.deepEqual(expectFixClears('syntax', 'FROM alpine:3.20\nrunn echo hi\n'), ['FROM alpine:3.20\nrun echo hi\n']);
});

test('syntax: valid Dockerfiles have no findings in any form', () => {
  const text = [
    'ARG BASE=alpine:3.20',
    'FROM ${BASE} AS build',
    'RUN --mount=type=cache,target=/root/.cache \\',
    '    # a comment inside the continuation',
    '    apk add --no-cache git && \\',
    '    echo done',
    'COPY --from=build --chmod=755 /a /b',
    'HEALTHCHECK --interval=30s CMD ["/bin/true"]',
    'ENV A=1 B="x y"',
    'LABEL a=b c="d e"',
    'SHELL ["/bin/sh", "-c"]',
    'RUN [ -f /etc/os-release ] && echo ok',
    'RUN <<EOF',
    'echo one',
    '',
    'echo two',
    'EOF',
    'CMD ["sh"]',
  ].join('\n');
  expectLinesInEveryForm('syntax', text, []);
});

test('syntax: instructions before FROM and missing arguments', () => {
  expectLinesInEveryForm('syntax', 'RUN echo\nFROM alpine:3.20\nWORKDIR\n', [0, 2]);
  assert.match(findingsOf('syntax', 'FROM alpine:3.20\nWORKDIR\n')[0].message, /WORKDIR has no arguments/);
});

test('syntax: unknown flags get the closest flag name, also across case', () => {
  const text = 'FROM alpine:3.20 AS a\nFROM alpine:3.20\nCOPY --form=a /x /y\nCOPY --FROM=a /x /y\nRUN --mount=type=cahce,target=/x true\n';
  expectLinesInEveryForm('syntax', text, [2, 3, 4]);
  expectFixClearsInEveryForm('syntax', text);
  const findings = findingsOf('syntax', text);
  assert.deepEqual(findings[0].range, { start: { line: 2, character: 7 }, end: { line: 2, character: 11 } });
  assert.match(findings[2].message, /did you mean cache/);
});

test('syntax: flags that need a value, bad mount options and networks', () => {
  const text = 'FROM alpine:3.20\nCOPY --from /x /y\nRUN --mount=type=cache,taget=/x true\nRUN --network=nope true\n';
  expectLinesInEveryForm('syntax', text, [1, 2, 3]);
  assert.deepEqual(findingsOf('syntax', 'FROM a:1\nCOPY --link /x /y\n'), []);
});

test('syntax: single-quoted JSON arrays run as shell; the fix uses double quotes', () => {
  const text = "FROM alpine:3.20\nCMD ['/app', '--port', '8080']\nENTRYPOINT [\"/app\",]\n";
  expectLinesInEveryForm('syntax', text, [1, 2]);
  const fixed = expectFixClears('syntax', "FROM alpine:3.20\nCMD ['/app', '--port', '8080']\n");
  assert.deepEqual(fixed, ['FROM alpine:3.20\nCMD ["/app", "--port", "8080"]\n']);
  assert.deepEqual(findingsOf('syntax', 'FROM a:1\nRUN [ "$A" = "b" ]\n'), []);
});

test('syntax: a lone -- ends the flags: what follows is a source, not a flag', () => {
  expectLinesInEveryForm('syntax', 'FROM a:1\nCOPY -- app /app\nCOPY --chmod=755 -- --weird-name /opt/\nADD -- x.tar /opt/\n', []);
  expectLinesInEveryForm('syntax', 'FROM a:1\nCOPY --form=a -- x /y\n', [1]);
});

test('syntax: words starting with -- before the arguments of CMD, ENTRYPOINT, ENV… are unknown flags', () => {
  const text = 'FROM a:1\nCMD --doit now\nENTRYPOINT --init ["/app"]\nENV --x=1 A=b\nWORKDIR --parents /srv\n';
  expectLinesInEveryForm('syntax', text, [1, 2, 3, 4]);
  const [cmd] = findingsOf('syntax', text);
  assert.match(cmd.message, /CMD has no flag --doit: the build fails/);
  assert.deepEqual(cmd.range, { start: { line: 1, character: 4 }, end: { line: 1, character: 10 } });
  // JSON form, a later word, and ARG/STOPSIGNAL (BuildKit drops their flags) are fine.
  expectLinesInEveryForm('syntax', 'FROM a:1\nCMD ["--doit"]\nCMD /app --port 1\nARG --x=1 A\nRUN --device=name true\n', []);
});

test('syntax: a trailing continuation that swallows the next instruction is an error on that line', () => {
  const text = 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl \\\n\nCOPY . /app\nCMD ["/app/run"]\n';
  expectLinesInEveryForm('syntax', text, [2]);
  const [finding] = findingsOf('syntax', text);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /line 5 \("COPY \. \/app"\) is part of this RUN, not a separate COPY instruction/);
  assert.deepEqual(finding.range, { start: { line: 2, character: 27 }, end: { line: 2, character: 29 } });
  assert.deepEqual(expectFixClears('syntax', text), ['FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\n\nCOPY . /app\nCMD ["/app/run"]\n']);
  // Also without a blank line and through a comment line.
  expectLinesInEveryForm('syntax', 'FROM a:1\nRUN make \\\n# build it\nWORKDIR /src\n', [1]);
});

test('syntax: shell words that look like keywords inside a continuation are not swallowed instructions', () => {
  const text = [
    'FROM a:1',
    'RUN cd /src && \\',
    '    env GOOS=linux go build ./... && \\',
    '    psql -c "SELECT id \\',
    'FROM users" && \\',
    "    echo 'one \\",
    "RUN two' && \\",
    '    ENV_FILE=x ./configure',
  ].join('\n');
  expectLinesInEveryForm('syntax', text, []);
});

test('syntax: a file without instructions or without a stage fails the build', () => {
  for (const text of ['', '\n\n', '# just a comment\n# and another\n', '# syntax=docker/dockerfile:1\n']) {
    const findings = findingsOf('syntax', text);
    assert.equal(findings.length, 1, JSON.stringify(text));
    assert.match(findings[0].message, /no instructions/);
    assert.equal(findings[0].severity, 'error');
  }
  assert.match(findingsOf('syntax', 'ARG A=1\n')[0].message, /No FROM/);
});

test('syntax: ONBUILD triggers BuildKit refuses', () => {
  expectLinesInEveryForm('syntax', 'FROM a:1\nONBUILD ONBUILD RUN x\nONBUILD FROM b\nONBUILD MAINTAINER me\nONBUILD RUN true\n', [1, 2, 3]);
});

test('syntax: empty continuation lines are left to empty-continuation', () => {
  assert.deepEqual(findingsOf('syntax', 'FROM alpine:3.20\nRUN echo a \\\n\n    && echo b\n'), []);
});

test('syntax: FROM shape, stage names, HEALTHCHECK, SHELL, ENV and escape directive', () => {
  expectLinesInEveryForm('syntax', 'FROM alpine:3.20 builder\nFROM alpine:3.20 AS 1st\n', [0, 1]);
  expectLinesInEveryForm('syntax', 'FROM a:1\nHEALTHCHECK /bin/true\nHEALTHCHECK NONE x\nSHELL /bin/bash -c\nENV A\n', [1, 2, 3, 4]);
  assert.equal(findingsOf('syntax', '# escape=x\nFROM a:1\n').length, 1);
});

test('syntax: survives odd input', () => {
  for (const text of ['', '\n\n', 'FROM', '# only a comment', 'FROM a\nRUN \\', '\uFEFFFROM a:1', 'FROM a:1\nRUN <<EOF\nno end']) {
    assert.doesNotThrow(() => findingsOf('syntax', text));
  }
});

test('syntax: a continuation into the first argument is no swallowed instruction', () => {
  const text = [
    'FROM alpine:3.20',
    'HEALTHCHECK --interval=30s --timeout=3s \\',
    '  CMD wget -qO- http://localhost:8080/healthz || exit 1',
    'ONBUILD \\',
    '  RUN echo child',
  ].join('\n');
  expectLinesInEveryForm('syntax', text, []);
  // A doubled escape at the end of a line is an escaped escape, not a continuation (BuildKit).
  assert.deepEqual(findingsOf('syntax', 'FROM alpine:3.20\nENV C trailing\\\\\nENV D not part of C\n'), []);
  assert.deepEqual(findingsOf('syntax', '# escape=`\nFROM alpine:3.20\nENV C trailing``\nENV D not part of C\n'), []);
});

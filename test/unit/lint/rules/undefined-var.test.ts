import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('undefined-var: variables no ARG or ENV defines before an expanded instruction', () => {
  const text = [
    'FROM alpine:3.20',
    'COPY $foo .',
    'ARG foo=bar',
    'RUN echo $foo $undefined_in_the_shell',
    'ARG DIR_ASSETS=assets/',
    'COPY ${DIR_ASSET} .',
    'ENV PATH=$PAHT:/tmp/bin \\',
    '    B=$A A=1',
    'WORKDIR $HOME/app',
    'LABEL version="$VERSION" literal=\'$KEPT\'',
    'COPY --chown=$APP_USER a /a',
  ].join('\n');
  expectLinesInEveryForm('undefined-var', text, [1, 5, 6, 7, 8, 9, 10]);
  const findings = findingsOf('undefined-var', text);
  assert.ok(findings.every((f) => f.severity === 'warning'));
  assert.deepEqual(findings[0].range, { start: { line: 1, character: 5 }, end: { line: 1, character: 9 } });
  assert.match(findings[1].message, /did you mean \$DIR_ASSETS\?/);
  assert.match(findings[2].message, /did you mean \$PATH\?/);
  assert.match(findings[3].message, /same ENV/);
  assert.match(findings[4].message, /container runtime/);
});

test('undefined-var: a name an earlier pair of the same ENV sets is left to env-reference-same-env', () => {
  const text = 'FROM alpine:3.20\nENV A=1 B=$A/x\n';
  expectLinesInEveryForm('undefined-var', text, []);
  expectLinesInEveryForm('env-reference-same-env', text, [1]);
});

test('undefined-var: the fixes use the close name, or declare a predefined ARG in the stage', () => {
  const text = 'FROM alpine:3.20\nARG DIR_ASSETS=assets/\nCOPY ${DIR_ASSET} /srv/\nCOPY app /opt/$TARGETARCH/\n';
  expectLinesInEveryForm('undefined-var', text, [2, 3]);
  const [, platform] = findingsOf('undefined-var', text);
  assert.match(platform.message, /predefined by BuildKit/);
  expectFixClearsInEveryForm('undefined-var', text);
  assert.deepEqual(expectFixClears('undefined-var', text), [
    'FROM alpine:3.20\nARG DIR_ASSETS=assets/\nCOPY ${DIR_ASSETS} /srv/\nCOPY app /opt/$TARGETARCH/\n',
    'FROM alpine:3.20\nARG DIR_ASSETS=assets/\nCOPY ${DIR_ASSET} /srv/\nARG TARGETARCH\nCOPY app /opt/$TARGETARCH/\n',
  ]);
});

test('undefined-var: the escape character keeps $ literal', () => {
  assert.deepEqual(findingsOf('undefined-var', 'FROM alpine\nLABEL price=\\$FIVE\n'), []);
  assert.equal(findingsOf('undefined-var', '# escape=`\nFROM alpine\nLABEL price=`$FIVE path=C:\\$DIR\n').length, 1);
});

test('undefined-var: an image Dockscope does not know may set the variable: info, saying so', () => {
  const text = 'FROM registry.example.com/base:1\nWORKDIR $APP_HOME\n';
  const [finding] = findingsOf('undefined-var', text);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /unless the base image registry\.example\.com\/base:1 sets it/);
  const [gopath] = findingsOf('undefined-var', 'FROM example/go-builder\nENV PATH=$GOPATH/bin:$PATH\n');
  assert.doesNotMatch(gopath.message, /did you mean/);
  assert.deepEqual(gopath.fixes, []);
});

test('undefined-var: declared ARGs, parent stages, known image ENV, defaults and RUN are fine', () => {
  const text = [
    'ARG GO=1.22',
    'FROM golang:${GO} AS base',
    'ARG foo=Dockerfile',
    'ARG GO',
    'ARG TARGETARCH',
    'ENV BIN=$GOPATH/bin:$PATH VERSION=$GOLANG_VERSION',
    'FROM base',
    'COPY $foo /src/$GO/$TARGETARCH-${ARCH:-amd64}',
    'ARG NOVALUE',
    'ARG A=1 B=$A',
    'WORKDIR /src/$NOVALUE/$B/$BIN',
    'RUN --mount=type=cache,target=/root/.cache/go-build echo $UNSET $HOME',
    'CMD echo $UNSET',
    "COPY <<'EOF' /run.sh",
    'echo $1 $RUNTIME',
    'EOF',
    'FROM node:20',
    'ENV V=$NODE_VERSION-$YARN_VERSION',
    'FROM scratch',
    'ENV PATH=$PATH:/bin',
  ].join('\n');
  expectLinesInEveryForm('undefined-var', text, []);
});

test('undefined-var: COPY heredocs BuildKit expands, and RUN mount options', () => {
  const text = 'FROM alpine:3.20\nCOPY <<EOF /etc/app.conf\nhome=$APP_DIR\nEOF\nRUN --mount=type=cache,target=$CACHE true\n';
  expectLinesInEveryForm('undefined-var', text, [2, 4]);
});

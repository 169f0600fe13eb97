import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('add-instead-of-copy: flags ADD of local files and folders', () => {
  const text = [
    'FROM alpine:3.20',
    'ADD . /app',
    'ADD --chown=app:app config.yaml \\',
    '    /etc/app/',
    'ADD ["a b.txt", "/x/"]',
    'ARG SRC=conf',
    'ADD ${SRC} /conf',
    'ADD app.zip local.git /opt/',
    'ADD <<EOF /etc/motd',
    'hello',
    'EOF',
  ].join('\n');
  expectLinesInEveryForm('add-instead-of-copy', text, [1, 2, 4, 6, 7, 8]);
  const [first] = findingsOf('add-instead-of-copy', text);
  assert.equal(first.severity, 'warning');
  assert.deepEqual(first.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 3 } });
  expectFixClearsInEveryForm('add-instead-of-copy', text);
  assert.deepEqual(expectFixClears('add-instead-of-copy', 'FROM alpine:3.20\nadd --chmod=755 run.sh /\n'), ['FROM alpine:3.20\ncopy --chmod=755 run.sh /\n']);
});

test('add-instead-of-copy: the fix is safe (fix-all) only when no source can be a tar stream', () => {
  const safety = (source: string) => findingsOf('add-instead-of-copy', `FROM alpine:3.20\nADD ${source} /x/\n`)[0].fixes?.[0].safe;
  assert.equal(safety('.'), true);
  assert.equal(safety('conf/'), true);
  assert.equal(safety('app.yaml'), true);
  assert.equal(safety('rootfs.img'), false);
  assert.equal(safety('payload'), false);
});

test('add-instead-of-copy: no fix when ADD-only flags are used', () => {
  const [finding] = findingsOf('add-instead-of-copy', 'FROM alpine:3.20\nADD --unpack=false x /x\n');
  assert.ok(finding);
  assert.equal(finding.fixes, undefined);
});

test('add-instead-of-copy: silent for URLs, git sources, archives and unresolvable sources', () => {
  const text = [
    'FROM alpine:3.20',
    'ADD https://example.com/tool /usr/local/bin/tool',
    'ADD --checksum=sha256:abc http://example.com/x.bin /x',
    'ADD git@github.com:moby/buildkit.git /src',
    'ADD https://github.com/moby/buildkit.git#v0.12 /src',
    'ADD rootfs.tar.gz /',
    'ADD vendor.tgz /opt/',
    'ADD data.tar.xz data.tar.zst /data/',
    'ADD ${UNKNOWN} /x',
    'COPY . /app',
  ].join('\n');
  expectLinesInEveryForm('add-instead-of-copy', text, []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('maintainer-deprecated: flags MAINTAINER and replaces it with the OCI authors label', () => {
  const text = 'FROM alpine:3.20\nMAINTAINER Jane Doe <jane@example.com>\nRUN true\n';
  expectLinesInEveryForm('maintainer-deprecated', text, [1]);
  const [finding] = findingsOf('maintainer-deprecated', text);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 10 } });
  expectFixClearsInEveryForm('maintainer-deprecated', text);
  assert.deepEqual(expectFixClears('maintainer-deprecated', text),
    ['FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\nRUN true\n']);
});

test('maintainer-deprecated: the fix escapes quotes and $, keeps lower case and the escape character', () => {
  assert.deepEqual(expectFixClears('maintainer-deprecated', 'from alpine\nmaintainer "The $TEAM"\n'),
    ['from alpine\nlabel org.opencontainers.image.authors="The \\$TEAM"\n']);
  assert.deepEqual(expectFixClears('maintainer-deprecated', 'FROM alpine\nMAINTAINER say "hi" \\ bye\n'),
    ['FROM alpine\nLABEL org.opencontainers.image.authors="say \\"hi\\" \\\\ bye"\n']);
  assert.deepEqual(expectFixClears('maintainer-deprecated', '# escape=`\nFROM alpine\nMAINTAINER a "b" c:\\x\n'),
    ['# escape=`\nFROM alpine\nLABEL org.opencontainers.image.authors="a `"b`" c:\\x"\n']);
});

test('maintainer-deprecated: silent without MAINTAINER', () => {
  expectLinesInEveryForm('maintainer-deprecated', 'FROM alpine:3.20\nLABEL maintainer="jane@example.com"\n', []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('expose-invalid: errors for impossible ports and host mappings', () => {
  const text = [
    'FROM alpine:3.20',
    'EXPOSE 80:8080',
    'EXPOSE 8080 70000 \\',
    '    0',
    'EXPOSE 127.0.0.1:8080/tcp',
    'EXPOSE 9000-8000',
    'EXPOSE 53/quic',
    'ARG PORT=99999',
    'EXPOSE $PORT',
  ].join('\n');
  expectLinesInEveryForm('expose-invalid', text, [1, 2, 3, 4, 5, 6, 8]);
  const findings = findingsOf('expose-invalid', text);
  assert.ok(findings.every((f) => f.severity === 'error'));
  assert.deepEqual(findings[0].range, { start: { line: 1, character: 7 }, end: { line: 1, character: 14 } });
  assert.match(findings[0].message, /docker run -p/);
  assert.ok(findings.every((f) => !f.fixes?.length));
});

test('expose-invalid: upper-case protocol is a warning with a lower-casing fix', () => {
  const text = 'FROM alpine:3.20\nEXPOSE 53/UDP \\\n    8080/Tcp\n';
  expectLinesInEveryForm('expose-invalid', text, [1, 2]);
  const [udp] = findingsOf('expose-invalid', text);
  assert.equal(udp.severity, 'warning');
  assert.deepEqual(udp.range, { start: { line: 1, character: 10 }, end: { line: 1, character: 13 } });
  expectFixClearsInEveryForm('expose-invalid', text);
  assert.deepEqual(expectFixClears('expose-invalid', 'FROM alpine:3.20\nEXPOSE 53/UDP\n'), ['FROM alpine:3.20\nEXPOSE 53/udp\n']);
});

test('expose-invalid: silent for valid ports, ranges, protocols and unresolved variables', () => {
  const text = [
    'FROM alpine:3.20',
    'EXPOSE 80 443/tcp 53/udp 8000-8010 9000-9010/tcp 38412/sctp 65535',
    'EXPOSE $PORT ${OTHER:-}',
    'ENV HTTP=8080',
    'EXPOSE ${HTTP}/tcp',
    'EXPOSE "8443" \'9090/udp\'',
  ].join('\n');
  expectLinesInEveryForm('expose-invalid', text, []);
});

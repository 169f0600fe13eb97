import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('expose-invalid: errors where the build fails', () => {
  const text = [
    'FROM alpine:3.20',
    'EXPOSE 8080 70000 \\',
    '    0',
    'EXPOSE 127.0.0.1:8080/tcp',
    'EXPOSE 9000-8000',
    'EXPOSE 53/quic',
    'ARG PORT=99999',
    'EXPOSE $PORT',
    'EXPOSE 80/ /tcp',
    'EXPOSE 999.1.1.1:80:80 8000-8002:9000-9001',
  ].join('\n');
  expectLinesInEveryForm('expose-invalid', text, [1, 3, 4, 5, 7, 8, 9, 9]);
  const findings = findingsOf('expose-invalid', text);
  assert.ok(findings.every((f) => f.severity === 'error' && /the build fails/.test(f.message)));
  assert.deepEqual(findings[0].range, { start: { line: 1, character: 12 }, end: { line: 1, character: 17 } });
  assert.ok(findings.every((f) => !f.fixes?.length));
});

test('expose-invalid: a host port or IP address is a warning; the fix keeps the container port', () => {
  const text = 'FROM alpine:3.20\nEXPOSE 127.0.0.1:80:80 [::1]:8080:8080 5000:5000 8000 \\\n    9000-9001:8000-8001/udp\n';
  expectLinesInEveryForm('expose-invalid', text, [1, 1, 1, 2]);
  const findings = findingsOf('expose-invalid', text);
  assert.ok(findings.every((f) => f.severity === 'warning'));
  assert.deepEqual(findings[2].range, { start: { line: 1, character: 39 }, end: { line: 1, character: 48 } });
  assert.match(findings[2].message, /docker run -p/);
  expectFixClearsInEveryForm('expose-invalid', text);
  assert.deepEqual(expectFixClears('expose-invalid', 'FROM alpine:3.20\nEXPOSE 5000:5000/tcp\n'), ['FROM alpine:3.20\nEXPOSE 5000/tcp\n']);
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
    'EXPOSE 80 443/tcp 53/udp 8000-8010 9000-9010/tcp 38412/sctp 65535 0 80-80',
    'EXPOSE $PORT ${OTHER:-}',
    'ENV HTTP=8080',
    'EXPOSE ${HTTP}/tcp',
    'EXPOSE "8443" \'9090/udp\'',
  ].join('\n');
  expectLinesInEveryForm('expose-invalid', text, []);
});

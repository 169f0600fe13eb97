import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

test('cd-in-run: flags a cd that ends its RUN (it changes nothing), in RUN and ONBUILD RUN', () => {
  const text = [
    'FROM debian:12',
    'RUN cd /src',
    'RUN make && cd /out',
    'ONBUILD RUN cd /app',
  ].join('\n');
  assert.deepEqual(linesOf('cd-in-run', text), [1, 2, 3]);
  const [first] = findingsOf('cd-in-run', text);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /last command of this RUN/);
});

test('cd-in-run: silent for a cd the rest of its RUN works in (building from sources), unlike hadolint', () => {
  assert.deepEqual(linesOf('cd-in-run', 'FROM debian:12\nRUN cd /usr/src/x && ./configure && make\nRUN cd /; rm -rf /usr/src/x\nONBUILD RUN cd /app && make\n'), []);
});

test('cd-in-run: silent for WORKDIR and for cd as a word', () => {
  assert.deepEqual(linesOf('cd-in-run', 'FROM debian:12\nWORKDIR /src\nRUN make && echo cd\n'), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

test('cd-in-run: flags cd commands in RUN and ONBUILD RUN', () => {
  const text = [
    'FROM debian:12',
    'RUN cd /src && make',
    'ONBUILD RUN cd /app && ./configure',
  ].join('\n');
  assert.deepEqual(linesOf('cd-in-run', text), [1, 2]);
  const [first] = findingsOf('cd-in-run', text);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /for the rest of this RUN only/);
});

test('cd-in-run: silent for WORKDIR and for cd as a word', () => {
  assert.deepEqual(linesOf('cd-in-run', 'FROM debian:12\nWORKDIR /src\nRUN make && echo cd\n'), []);
});

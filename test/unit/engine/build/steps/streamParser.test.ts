// The daemon's build stream, line by line: what survives garbage and split characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBuildLine, LineSplitter } from '../../../../../engine/build/steps/streamParser';

test('the stream parser survives garbage, a split multi-byte character and bad base64', () => {
  assert.deepEqual(parseBuildLine(''), []);
  assert.deepEqual(parseBuildLine('not json'), [{ type: 'text', text: 'not json' }]);
  assert.equal(parseBuildLine('{"id":"moby.buildkit.trace","aux":"////"}')[0].type, 'text');
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  const bytes = Buffer.from('{"stream":"é"}\n{"stream":"x"}');
  splitter.push(bytes.subarray(0, 12));
  splitter.push(bytes.subarray(12));
  splitter.end();
  assert.deepEqual(lines, ['{"stream":"é"}', '{"stream":"x"}']);
});

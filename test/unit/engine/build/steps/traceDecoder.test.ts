// The BuildKit trace decoder, on messages captured from a real daemon (Docker 20.10) into
// test/fixtures/buildkit/*.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseBuildLine, type BuildEvent } from '../../../../../engine/build/steps/streamParser';
import { FIXTURES as TEST_FIXTURES } from '../../../../helpers/paths';

const FIXTURES = path.join(TEST_FIXTURES, 'buildkit');

function events(fixture: string): BuildEvent[] {
  const messages = JSON.parse(readFileSync(path.join(FIXTURES, fixture), 'utf8')) as unknown[];
  return messages.flatMap((message) => parseBuildLine(JSON.stringify(message)));
}

test('decodes vertexes with digests, names and daemon timestamps', () => {
  const traces = events('two-stage.json').flatMap((event) => (event.type === 'trace' ? [event.status] : []));
  assert.ok(traces.length > 10);
  const vertexes = traces.flatMap((status) => status.vertexes);
  assert.ok(vertexes.every((vertex) => /^sha256:[0-9a-f]{64}$/.test(vertex.digest)));
  const names = new Set(vertexes.map((vertex) => vertex.name));
  assert.ok(names.has('[internal] load remote build context'));
  assert.ok(names.has('[builder 3/4] COPY a.txt .'));
  assert.ok(names.has('exporting to image'));
  const completed = vertexes.filter((vertex) => vertex.started !== undefined && vertex.completed !== undefined);
  assert.ok(completed.length > 5);
  // Timestamps are epoch milliseconds of 2020 or later, and a vertex completes after it starts.
  assert.ok(completed.every((vertex) => vertex.started! > 1.5e12 && vertex.completed! >= vertex.started!));
});

test('decodes the RUN output as VertexLog text and reports the image id', () => {
  const all = events('two-stage.json');
  const logs = all.flatMap((event) => (event.type === 'trace' ? event.status.logs : []));
  assert.ok(logs.some((log) => log.text.includes('building') && log.stream === 1));
  assert.ok(all.some((event) => event.type === 'image' && /^sha256:[0-9a-f]{64}$/.test(event.id)));
});

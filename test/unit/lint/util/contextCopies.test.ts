// Which COPY/ADD send the whole context: `.` as a source, in shell and JSON form, never `./` as
// a JSON-form destination.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../../dockerfile/model';
import { namedContextSources, wholeContextCopies } from '../../../../lint/util/contextCopies';

const copies = (text: string) => wholeContextCopies(buildModel(text)).map((copy) => `${copy.source.value} -> ${copy.destination.value}`);

test('a JSON-form COPY of named files into ./ does not copy the context, even over continuation lines', () => {
  assert.deepEqual(copies('FROM alpine:3.20\nCOPY [ "one/file", \\\n  "./" ]\n'), []);
  assert.deepEqual(copies('FROM alpine:3.20\nCOPY ["tools/a b.sh", "./"]\n'), []);
  assert.deepEqual(namedContextSources(buildModel('FROM alpine:3.20\nCOPY [ "one/file", \\\n  "./" ]\n')), ['one/file']);
});

test('`.` as a source copies the context, in either form; --from copies do not count', () => {
  assert.deepEqual(copies('FROM alpine:3.20\nCOPY [".", "/app"]\nCOPY . /src\nCOPY ./ /other/\nCOPY --from=build . /x\n'), ['. -> /app', '. -> /src', './ -> /other/']);
});

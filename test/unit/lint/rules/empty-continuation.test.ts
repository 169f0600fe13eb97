import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('empty-continuation: one warning per instruction, on its last line as BuildKit reports it', () => {
  const text = 'FROM alpine:3.20\nCOPY a \\\n\n    b \\\n  \n    /dst/\nRUN echo ok\n';
  expectLinesInEveryForm('empty-continuation', text, [5]);
  const [finding] = findingsOf('empty-continuation', text);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /lines \(line 3, 5\) in this COPY: BuildKit skips them today and warns that empty continuation lines will become errors in a future release/);
  assert.deepEqual(finding.related?.map((related) => related.range.start.line), [2, 4]);
});

test('empty-continuation: the safe fix removes the empty lines and keeps the instruction', () => {
  const text = 'FROM alpine:3.20\nRUN echo a \\\n\n    && echo b\n';
  expectFixClearsInEveryForm('empty-continuation', text);
  assert.deepEqual(expectFixClears('empty-continuation', text), ['FROM alpine:3.20\nRUN echo a \\\n    && echo b\n']);
});

test('empty-continuation: not on comment lines, heredoc bodies or blank lines between instructions', () => {
  const text = [
    'FROM alpine:3.20',
    '',
    'RUN apk add --no-cache git \\',
    '    # a comment line is skipped without a warning',
    '    curl',
    'RUN <<EOF',
    'echo one',
    '',
    'echo two',
    'EOF',
    '',
    'CMD ["sh"] \\',
    '',
  ].join('\n');
  expectLinesInEveryForm('empty-continuation', text, []);
});

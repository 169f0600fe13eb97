// The dry-run diff is a real unified diff: GNU patch applies it and gets the fixed text back,
// for random edits (property test), CRLF files and files without a final newline.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import fc from 'fast-check';
import { unifiedDiff } from '../../../cli/unifiedDiff';

function patched(before: string, diff: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dockscope-diff-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), before);
    const result = spawnSync('patch', ['-p1', '--quiet', '--binary', '-d', dir], { input: diff, encoding: 'utf8' });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}\n${diff}`);
    return readFileSync(join(dir, 'Dockerfile'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a hunk with context, as diff -u writes it', () => {
  const before = 'FROM debian:12\nRUN apt-get update\nRUN apt-get install curl\nCMD node app.js\n';
  const after = 'FROM debian:12\nRUN apt-get update && \\\n    apt-get install -y curl\nCMD ["node", "app.js"]\n';
  assert.equal(unifiedDiff(before, after, 'Dockerfile'), [
    '--- a/Dockerfile', '+++ b/Dockerfile', '@@ -1,4 +1,4 @@', ' FROM debian:12', '-RUN apt-get update', '-RUN apt-get install curl',
    '-CMD node app.js', '+RUN apt-get update && \\', '+    apt-get install -y curl', '+CMD ["node", "app.js"]', '',
  ].join('\n'));
  assert.equal(unifiedDiff(before, before, 'Dockerfile'), '');
});

test('patch applies the diff and gets the new text: random edits, CRLF, no final newline', () => {
  const line = fc.constantFrom('FROM a', 'RUN x', 'RUN y \\', '  && z', '', '# c', 'CMD [1]', 'RUN x\r');
  const text = fc.array(line, { maxLength: 30 }).chain((lines) => fc.constantFrom('\n', '').map((end) => (lines.length ? lines.join('\n') + end : '')));
  fc.assert(fc.property(text, text, (before, after) => {
    if (before === after) return;
    assert.equal(patched(before, unifiedDiff(before, after, 'Dockerfile')), after);
  }), { numRuns: 150 });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('sudo: flags sudo as a command, behind env prefixes and in every list form', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN sudo apt-get update',
    'RUN echo start && \\',
    '    DEBIAN_FRONTEND=noninteractive sudo -E apt-get install -y curl',
    'RUN ["sudo", "make", "install"]',
    'RUN true; env A=1 sudo make | tee log',
  ].join('\n');
  expectLinesInEveryForm('sudo', text, [1, 3, 4, 5]);
  const finding = findingsOf('sudo', text)[1];
  assert.equal(finding.severity, 'error');
  assert.equal(finding.range.start.line, 3);
  assert.equal(finding.range.end.character - finding.range.start.character, 4);
});

test('sudo: silent for the word in arguments, quotes, comments and other instructions', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get install -y sudo && echo "sudo make me a sandwich"',
    '# sudo in a comment',
    'RUN useradd app \\',
    '    # sudo inside a continuation comment',
    '    && echo ok',
    'CMD ["sudo"]',
  ].join('\n');
  expectLinesInEveryForm('sudo', text, []);
});

test('sudo: found inside a heredoc script', () => {
  const text = 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\nsudo apt-get update\nEOF\n';
  assert.deepEqual(linesOf('sudo', text), [3]);
});

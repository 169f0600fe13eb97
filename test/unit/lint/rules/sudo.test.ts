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
  assert.equal(finding.range.start.line, 3);
  assert.equal(finding.range.end.character - finding.range.start.character, 4);
});

test('sudo: an error where the image has no sudo: the step fails with "not found"', () => {
  const text = 'FROM debian:bookworm-slim\nRUN useradd -m app\nUSER app\nRUN sudo apt-get update\n';
  const [finding] = findingsOf('sudo', text);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /^sudo is not installed in this image \(debian ships without it and no earlier step installs it\): this step fails with "sudo: not found"\. RUN already runs as the current USER \(app\)/);
});

test('sudo: installed and run as root is redundant (info); as a user without a rule it fails (error)', () => {
  const root = 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y sudo && sudo apt-get install -y curl\n';
  const [redundant] = findingsOf('sudo', root);
  assert.equal(redundant.severity, 'info');
  assert.match(redundant.message, /^sudo is redundant here: this step already runs as root/);
  const user = 'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y sudo && useradd -m dev\nUSER dev\nRUN sudo make install\n';
  const [prompt] = findingsOf('sudo', user);
  assert.equal(prompt.severity, 'error');
  assert.match(prompt.message, /^sudo asks for dev's password and a build step has no terminal/);
});

test('sudo: a passwordless rule makes it work, and leaves an escalation in the image (warning)', () => {
  const text = [
    'FROM ubuntu:24.04',
    'RUN apt-get update && apt-get install -y sudo && useradd -m dev \\',
    '    && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev',
    'USER dev',
    'RUN sudo apt-get install -y curl',
  ].join('\n');
  const [finding] = findingsOf('sudo', text);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /works here through a passwordless rule/);
  const devcontainer = 'FROM mcr.microsoft.com/devcontainers/base:bookworm\nUSER vscode\nRUN sudo apt-get update\n';
  assert.equal(findingsOf('sudo', devcontainer)[0].severity, 'warning');
});

test('sudo: an image we cannot see is a warning that says what it assumed', () => {
  const text = 'FROM registry.example.com/team/dev:1\nUSER dev\nRUN sudo make install\n';
  const [finding] = findingsOf('sudo', text);
  assert.equal(finding.severity, 'warning');
  assert.match(finding.message, /If the image has no sudo, or no passwordless rule for that user, this step fails/);
});

test('sudo: silent for the word in arguments, quotes, comments, other instructions and shell-less images', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'RUN apt-get install -y sudo && echo "sudo make me a sandwich"',
    '# sudo in a comment',
    'RUN useradd app \\',
    '    # sudo inside a continuation comment',
    '    && echo ok',
    'CMD ["sudo"]',
    'FROM scratch',
    'RUN ["sudo", "x"]',
  ].join('\n');
  expectLinesInEveryForm('sudo', text, []);
});

test('sudo: found inside a heredoc script', () => {
  const text = 'FROM debian:bookworm-slim\nRUN <<EOF\nset -e\nsudo apt-get update\nEOF\n';
  assert.deepEqual(linesOf('sudo', text), [3]);
});

test('sudo: an ONBUILD RUN trigger runs as the image\'s last USER, after all of its steps', () => {
  const text = 'FROM debian:bookworm-slim\nONBUILD RUN sudo make install\nRUN apt-get update && apt-get install -y sudo && useradd app\nUSER app\n';
  const [finding] = findingsOf('sudo', text);
  assert.equal(finding.range.start.line, 1);
  assert.equal(finding.severity, 'error');
  assert.match(finding.message, /^sudo asks for app's password/);
});

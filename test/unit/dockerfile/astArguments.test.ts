// The remembered argument scan hands out copies: dockerfile-ast moves the ends of ranges it reads,
// and a shared range would change what the next caller sees.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DockerfileParser, type From } from 'dockerfile-ast';
import { scanArguments } from '../../../dockerfile/astArguments';

test('reading a FROM\'s registry twice gives the same answer, and the arguments keep their ranges', () => {
  const from = DockerfileParser.parse('FROM ghcr.io/acme/tool:1 AS tool\n').getFROMs()[0] as From;
  const before = JSON.stringify(scanArguments(from).map((arg) => arg.getRange()));
  assert.equal(from.getRegistry(), 'ghcr.io');
  assert.equal(from.getRegistry(), 'ghcr.io');
  assert.equal(from.getImageName(), 'acme/tool');
  assert.equal(JSON.stringify(from.getArguments().map((arg) => arg.getRange())), before);
});

test('a variable in FROM keeps its range for whoever asks next', () => {
  const from = DockerfileParser.parse('ARG GO=1.22\nFROM golang:${GO} AS build\n').getFROMs()[0] as From;
  from.getRegistryRange();
  from.getImageNameRange();
  assert.deepEqual(from.getVariables().map((variable) => variable.getName()), ['GO']);
  assert.deepEqual(from.getArguments()[0].getRange(), { start: { line: 1, character: 5 }, end: { line: 1, character: 17 } });
});

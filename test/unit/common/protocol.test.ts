// What counts as a Dockerfile is one definition: the editor's language contribution, the CLI's
// folder search and the Layers view's workspace search agree.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { DOCKERFILE_GLOB, DOCKERFILE_NAMES, isDockerfileName } from '../../../common/protocol';
import { REPO_ROOT } from '../../helpers/paths';

test('the Dockerfile names are package.json\'s dockerfile language, exactly', () => {
  const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
  const language = manifest.contributes.languages.find((entry: { id: string }) => entry.id === 'dockerfile');
  assert.deepEqual(language.filenames, DOCKERFILE_NAMES.filenames);
  assert.deepEqual(language.filenamePatterns, [...DOCKERFILE_NAMES.prefixes.map((prefix) => `${prefix}*`), '*.Dockerfile']);
  assert.deepEqual(language.extensions, ['.dockerfile', '.containerfile']);
  assert.deepEqual(DOCKERFILE_NAMES.suffixes, ['.Dockerfile', ...language.extensions]);
});

test('Dockerfile names, and what is not one', () => {
  for (const name of ['Dockerfile', 'Containerfile', 'Dockerfile.dev', 'Containerfile.prod', 'api.Dockerfile', 'api.dockerfile', 'api.containerfile']) {
    assert.ok(isDockerfileName(name), name);
  }
  for (const name of ['Dockerfile.dockerignore', 'dockerfile', 'Dockerfiles', 'README.md', 'Dockerfile-old']) {
    assert.ok(!isDockerfileName(name), name);
  }
  assert.equal(DOCKERFILE_GLOB, '**/{Dockerfile,Containerfile,Dockerfile.*,Containerfile.*,*.Dockerfile,*.dockerfile,*.containerfile}');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('pip-no-cache-dir: flags pip install without --no-cache-dir (pip, pip3, python -m pip)', () => {
  const text = [
    'FROM python:3.12-slim',
    'RUN pip install \\',
    '      -r requirements.txt',
    'RUN python3 -m pip install --upgrade pip && pip3.12 install gunicorn',
    'RUN if [ -f dev.txt ]; then pip install -r dev.txt; fi',
  ].join('\n');
  expectLinesInEveryForm('pip-no-cache-dir', text, [1, 3, 3, 4]);
  const [first] = findingsOf('pip-no-cache-dir', text);
  assert.equal(first.severity, 'info');
  assert.deepEqual(first.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 15 } });
  expectFixClearsInEveryForm('pip-no-cache-dir', text);
  assert.deepEqual(expectFixClears('pip-no-cache-dir', 'FROM python:3.12-slim\nRUN python -m pip install flask\n'),
    ['FROM python:3.12-slim\nRUN python -m pip install --no-cache-dir flask\n']);
});

test('pip-no-cache-dir: silent with the flag, PIP_NO_CACHE_DIR, cache mounts, other tools and builder stages', () => {
  const text = [
    'FROM python:3.12 AS build',
    'RUN pip install --prefix=/install -r requirements.txt',
    'FROM python:3.12-slim AS base',
    'RUN pip install --no-cache-dir flask',
    'RUN pip --no-cache-dir install flask',
    'RUN pip install --no-cache /wheels/*',
    'RUN PIP_NO_CACHE_DIR=1 pip install flask',
    'RUN export PIP_NO_CACHE_DIR=1 && pip install numpy',
    'RUN python3 -m venv /app && . /app/bin/activate && pip install \\',
    '      --no-cache-dir \\',
    '      --upgrade tzdata',
    'RUN --mount=type=cache,target=/root/.cache/pip pip install flask',
    'RUN --mount=type=cache,target=/root/.cache pip install flask',
    'RUN --mount=type=cache,target=/pipcache pip install --cache-dir /pipcache flask',
    'RUN pipx install black && pipenv install && uv pip install flask && poetry install',
    'RUN pip download flask -d /wheels && pip wheel -w /wheels flask',
    'RUN echo "pip install flask"',
    'ENV PIP_NO_CACHE_DIR=off',
    'FROM base',
    'RUN pip install flask',
    'COPY --from=build /install /usr/local',
  ].join('\n');
  expectLinesInEveryForm('pip-no-cache-dir', text, []);
  const argDefault = 'FROM python:3.12-slim\nARG PIP_NO_CACHE_DIR=1\nRUN pip install flask\n';
  expectLinesInEveryForm('pip-no-cache-dir', argDefault, []);
});

test('pip-no-cache-dir: checks ONBUILD RUN pip install', () => {
  const text = 'FROM python:3.12-slim\nONBUILD COPY requirements.txt .\nONBUILD RUN pip install -r requirements.txt\n';
  expectLinesInEveryForm('pip-no-cache-dir', text, [2]);
  assert.deepEqual(expectFixClears('pip-no-cache-dir', text), ['FROM python:3.12-slim\nONBUILD COPY requirements.txt .\nONBUILD RUN pip install --no-cache-dir -r requirements.txt\n']);
});

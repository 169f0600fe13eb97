import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findingsOf, linesOf } from '../../../helpers/lint';

const on = { settings: { rules: { 'pip-unpinned': 'info' as const } } };

test('pip-unpinned: off by default', () => {
  assert.deepEqual(linesOf('pip-unpinned', 'FROM python:3.12\nRUN pip install flask\n'), []);
});

test('pip-unpinned: flags packages and unpinned VCS URLs, python -m pip and ONBUILD triggers too', () => {
  const text = [
    'FROM python:3.12',
    'RUN pip install --no-cache-dir flask requests==2.32.3',
    'RUN python3 -m pip install --root-user-action ignore uvicorn',
    'RUN pip install git+https://example.com/team/tool.git#egg=tool',
    'ONBUILD RUN pip3 install gunicorn',
  ].join('\n');
  assert.deepEqual(linesOf('pip-unpinned', text, on), [1, 2, 3, 4]);
  const [first] = findingsOf('pip-unpinned', text, on);
  assert.equal(first.severity, 'info');
  assert.match(first.message, /pip install flask without a version/);
});

test('pip-unpinned: silent for specifiers, requirements and constraints files, paths, archives and pinned VCS refs', () => {
  const text = [
    'FROM python:3.12',
    "RUN pip install 'flask>=3' attrs~=23.2 -r requirements.txt --constraint c.txt . ./pkg dist/app-1.0-py3-none-any.whl",
    'RUN pip install https://example.com/app-1.0.tar.gz git+https://user:token@example.com/team/tool.git@v1.2#egg=tool $EXTRA',
    'RUN pip install pykafka -c https://example.com/constraints.txt',
    'RUN pip uninstall -y flask',
  ].join('\n');
  assert.deepEqual(linesOf('pip-unpinned', text, on), []);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

test('yarn-cache-not-cleaned: yarn install/add without yarn cache clean after it in the same RUN', () => {
  const text = [
    'FROM node:20',
    'RUN yarn install --frozen-lockfile',
    'RUN yarn',
    'RUN yarn cache clean && yarn install',
    'RUN yarn global add serve',
    'RUN --mount=type=cache,target=/var/cache/other yarn install \\',
    '      --production',
  ].join('\n');
  expectLinesInEveryForm('yarn-cache-not-cleaned', text, [1, 2, 3, 4, 5]);
  const [first] = findingsOf('yarn-cache-not-cleaned', text);
  assert.equal(first.severity, 'info');
  assert.deepEqual(first.range, { start: { line: 1, character: 9 }, end: { line: 1, character: 16 } });
  assert.match(first.message, /\/usr\/local\/share\/\.cache\/yarn/);
  expectFixClearsInEveryForm('yarn-cache-not-cleaned', text);
  assert.deepEqual(expectFixClears('yarn-cache-not-cleaned', 'FROM node:20\nRUN yarn install && yarn build\n'),
    ['FROM node:20\nRUN yarn install && yarn build && yarn cache clean\n']);
});

test('yarn-cache-not-cleaned: silent with a clean, a cache mount, rm of the cache, other commands and builder stages', () => {
  const text = [
    'FROM node:20 AS build',
    'RUN yarn install',
    'FROM node:20',
    'RUN yarn install --production && yarn cache clean --force',
    'RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install',
    'RUN --mount=type=tmpfs,target=/root/.cache/yarn yarn install',
    'RUN --mount=type=cache,target=/yarn-cache yarn install --cache-folder /yarn-cache',
    'RUN yarn install && rm -rf /usr/local/share/.cache/yarn',
    'RUN YARN_CACHE_FOLDER=/tmp/yc yarn install && rm -rf /tmp/yc',
    'RUN yarn run build && yarn test && yarn --version',
    'RUN npm install && echo "yarn install"',
    'COPY --from=build /app /app',
  ].join('\n');
  expectLinesInEveryForm('yarn-cache-not-cleaned', text, []);
});

test('yarn-cache-not-cleaned: a stage the final image is built FROM counts; ONBUILD RUN too', () => {
  expectLinesInEveryForm('yarn-cache-not-cleaned', 'FROM node:20 AS deps\nRUN yarn install\nFROM deps\nCMD ["node", "."]\n', [1]);
  expectLinesInEveryForm('yarn-cache-not-cleaned', 'FROM node:20 AS tools\nONBUILD RUN yarn install\nFROM node:20\n', [1]);
});

test('yarn-cache-not-cleaned: Yarn 2+ (Berry) projects are left alone', () => {
  const install = 'FROM node:20\nRUN yarn install\n';
  expectLinesInEveryForm('yarn-cache-not-cleaned', install, [], { files: { '.yarnrc.yml': 'nodeLinker: pnp\n' } });
  expectLinesInEveryForm('yarn-cache-not-cleaned', install, [], { files: { 'package.json': '{ "packageManager": "yarn@4.1.0" }' } });
  expectLinesInEveryForm('yarn-cache-not-cleaned', 'FROM node:20\nRUN corepack enable && yarn set version stable && yarn install\n', []);
  expectLinesInEveryForm('yarn-cache-not-cleaned', 'FROM node:20\nRUN yarn install --immutable\n', []);
  expectLinesInEveryForm('yarn-cache-not-cleaned', install, [1], { files: { 'package.json': '{ "packageManager": "yarn@1.22.22" }' } });
});

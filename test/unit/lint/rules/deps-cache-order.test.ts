import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf } from '../../../helpers/lint';

const node = { 'package.json': '{}', 'package-lock.json': '{}' };

test('deps-cache-order: flags COPY . . before npm ci with no manifest copy, at the . word', () => {
  const text = [
    'FROM node:20-slim',
    'WORKDIR /app',
    'COPY . .',
    'RUN --mount=type=cache,target=/root/.npm \\',
    '    npm ci --omit=dev && npm run build',
    'CMD ["node", "server.js"]',
  ].join('\n');
  expectLinesInEveryForm('deps-cache-order', text, [2], { files: node });
  const [finding] = findingsOf('deps-cache-order', text, { files: node });
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 6 } });
  assert.equal(finding.related?.[0].range.start.line, 4);
  expectFixClearsInEveryForm('deps-cache-order', text, { files: node });
  assert.deepEqual(expectFixClears('deps-cache-order', text, { files: node }), [[
    'FROM node:20-slim',
    'WORKDIR /app',
    'COPY package.json package-lock.json ./',
    'RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev',
    'COPY . .',
    'RUN --mount=type=cache,target=/root/.npm \\',
    '    npm ci --omit=dev && npm run build',
    'CMD ["node", "server.js"]',
  ].join('\n')]);
});

test('deps-cache-order: yarn, pnpm and pip -r, with the destination of the COPY', () => {
  const yarn = 'FROM node:20\nCOPY . /app/\nWORKDIR /app\nRUN yarn install --frozen-lockfile\n';
  assert.deepEqual(expectFixClears('deps-cache-order', 'FROM node:20\nWORKDIR /app\nCOPY . /app\nRUN yarn\n', { files: { 'package.json': '{}', 'yarn.lock': '' } }),
    ['FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock /app/\nRUN yarn\nCOPY . /app\nRUN yarn\n']);
  const [unfixable] = findingsOf('deps-cache-order', yarn);
  assert.ok(unfixable, 'the install runs in /app but . was copied before WORKDIR: still reported');
  assert.equal(unfixable.fixes, undefined);
  const pip = 'FROM python:3.12-slim\nWORKDIR /srv\nCOPY . .\nRUN pip install --no-cache-dir -r requirements/prod.txt\n';
  assert.deepEqual(expectFixClears('deps-cache-order', pip),
    ['FROM python:3.12-slim\nWORKDIR /srv\nCOPY requirements/prod.txt ./requirements/\nRUN pip install --no-cache-dir -r requirements/prod.txt\nCOPY . .\nRUN pip install --no-cache-dir -r requirements/prod.txt\n']);
  expectFixClearsInEveryForm('deps-cache-order', 'FROM node:20\nWORKDIR /app\ncopy --chown=node:node . .\nRUN pnpm install\n');
});

test('deps-cache-order: silent when the manifest is copied first or the install does not read it', () => {
  for (const text of [
    'FROM node:20\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\nCOPY . .\nRUN npm ci\n',
    'FROM node:20\nWORKDIR /app\nCOPY package.json yarn.lock ./\nCOPY . .\nRUN yarn install\n',
    'FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\nRUN pip install -r requirements.txt\n',
    'FROM python:3.12 AS deps\nCOPY requirements.txt .\nFROM deps\nCOPY . .\nRUN pip install -r requirements.txt\n',
    'FROM node:20\nCOPY . .\nRUN npm install -g typescript && npm run build\n',
    'FROM python:3.12\nCOPY . .\nRUN pip install . && pip install gunicorn\n',
    'FROM node:20\nRUN npm ci\nCOPY . .\n',
    'FROM node:20 AS a\nCOPY . .\nFROM node:20\nRUN npm ci\n',
    'FROM node:20\nCOPY --from=deps /app .\nRUN npm ci\n',
  ]) {
    expectLinesInEveryForm('deps-cache-order', text, []);
  }
});

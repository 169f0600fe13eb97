import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLogLevelName, type LogLevelName } from '../../../../common/settings';
import { Logger, passes, type LogSink } from '../../../../client/shell/logger';

function recordingSink(): LogSink & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string | Error) => { lines.push(`${level} ${String(message)}`); };
  return { lines, error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug'), trace: record('trace') };
}

test('messages below dockscope.logLevel are dropped', () => {
  const sink = recordingSink();
  let level: LogLevelName = 'warn';
  const log = new Logger(sink, () => level);
  log.info('hidden');
  log.warn('shown');
  log.error('failed', new Error('boom'));
  level = 'trace';
  log.trace('now shown');
  assert.deepEqual(sink.lines.map((line) => line.split('\n')[0]), ['warn shown', 'error failed: Error: boom', 'trace now shown']);
});

test('level order and validation', () => {
  assert.ok(passes('error', 'error'));
  assert.ok(!passes('warn', 'error'));
  assert.ok(passes('info', 'debug'));
  assert.ok(!passes('trace', 'debug'));
  assert.ok(isLogLevelName('debug'));
  assert.ok(!isLogLevelName('verbose'));
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isLogLevelName, type LogLevelName } from '../../../../common/settings';
import { escapingChannel, Logger, passes, type LogSink } from '../../../../client/shell/logger';

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

test('the Output channel escapes control characters of every message, as the CLI prints them', () => {
  const written: unknown[][] = [];
  const channel = {
    name: 'Dockscope',
    info(...args: unknown[]) { written.push(['info', ...args]); },
    error(...args: unknown[]) { written.push(['error', ...args]); },
    appendLine(...args: unknown[]) { written.push(['appendLine', ...args]); },
    show(this: { name: string }) { return this.name; },
  };
  const escaped = escapingChannel(channel);
  escaped.info('file \x1b]0;pwned\x07name\x1b[2J', 42);
  escaped.error(new Error('daemon said \x1b[31mred\ttab'));
  escaped.appendLine('line\nnext\x9b');
  assert.deepEqual(written[0], ['info', 'file \\x1b]0;pwned\\x07name\\x1b[2J', 42]);
  assert.equal(written[1][0], 'error');
  assert.match(String(written[1][1]), /^Error: daemon said \\x1b\[31mred\ttab\n/);
  assert.deepEqual(written[2], ['appendLine', 'line\nnext\\x9b']);
  assert.equal(escaped.show(), 'Dockscope', 'other members reach the channel itself');
  assert.equal(escaped.name, 'Dockscope');
});

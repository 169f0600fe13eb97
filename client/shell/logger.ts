// The Dockscope Output channel's front door. VS Code's LogOutputChannel already filters by the
// editor's log level; this wrapper also honours the `dockscope.logLevel` setting, so a user can
// quiet Dockscope (or ask it for more) without changing every extension's level. It is typed
// structurally (no vscode import) so the filtering is unit-tested.

import { printable } from '../../common/format';
import { LOG_LEVELS, type LogLevelName } from '../../common/settings';

/** The subset of vscode.LogOutputChannel the logger writes to. */
export interface LogSink {
  error(message: string | Error, ...args: unknown[]): void;
  warn(message: string, ...args: unknown[]): void;
  info(message: string, ...args: unknown[]): void;
  debug(message: string, ...args: unknown[]): void;
  trace(message: string, ...args: unknown[]): void;
}

/** Whether a message of `level` passes the `threshold` setting (error is always the most severe). */
export function passes(level: LogLevelName, threshold: LogLevelName): boolean {
  return LOG_LEVELS.indexOf(level) <= LOG_LEVELS.indexOf(threshold);
}

export class Logger {
  constructor(private readonly sink: LogSink, private readonly threshold: () => LogLevelName) {}

  error(message: string, error?: unknown): void {
    if (!passes('error', this.threshold())) return;
    if (error === undefined) this.sink.error(message);
    else this.sink.error(`${message}: ${describeError(error)}`);
  }

  warn(message: string): void {
    if (passes('warn', this.threshold())) this.sink.warn(message);
  }

  info(message: string): void {
    if (passes('info', this.threshold())) this.sink.info(message);
  }

  debug(message: string): void {
    if (passes('debug', this.threshold())) this.sink.debug(message);
  }

  trace(message: string): void {
    if (passes('trace', this.threshold())) this.sink.trace(message);
  }
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack && error.stack.includes(error.message) ? error.stack : error.message;
  return String(error);
}

/** The channel's methods that write text: what they are given is escaped first. */
const WRITERS = new Set(['error', 'warn', 'info', 'debug', 'trace', 'append', 'appendLine', 'replace']);

/**
 * The channel, writing every message with its control characters escaped (as the CLI prints them,
 * common/format.ts printable): image file names, history, daemon errors and build logs are data
 * from outside, and an ESC or OSC sequence in them must not reach a terminal the log is copied to.
 */
export function escapingChannel<T extends object>(channel: T): T {
  const escape = (value: unknown) => (typeof value === 'string' ? printable(value)
    : value instanceof Error ? printable(value.stack && value.stack.includes(value.message) ? value.stack : value.message) : value);
  return new Proxy(channel, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      // Called on the channel itself (never on the proxy: an API object may keep private state).
      if (typeof property !== 'string' || !WRITERS.has(property)) return value.bind(target);
      return (...args: unknown[]) => value.apply(target, args.map(escape));
    },
  });
}

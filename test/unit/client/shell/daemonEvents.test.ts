// The daemon watcher's state machine with a fake clock and a fake daemon: a lost daemon is noticed
// as soon as its event stream ends (one probe, no waiting), reported once with its reason, probed
// again with a growing pause, and recovery refreshes the views by itself.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { DaemonEventWatcher, type EventSource, type Liveness, type Timers } from '../../../../client/shell/daemonEvents';
import { Logger } from '../../../../client/shell/logger';

class FakeClock implements Timers {
  now = 0;
  private timers: Array<{ at: number; callback: () => void; id: number }> = [];
  private next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ at: this.now + ms, callback, id });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  }
  /** Runs every timer due within `ms`, in time order, letting promises settle in between. */
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.now = due.at;
      due.callback();
    }
    this.now = end;
    await settle();
  }
  pending(): number[] {
    return this.timers.map((timer) => timer.at - this.now).sort((a, b) => a - b);
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
}

function refused(): Error {
  return Object.assign(new Error('connect ECONNREFUSED /tmp/docker.sock'), { code: 'ECONNREFUSED' });
}

/** A daemon that can be stopped and started; its event streams end when it stops. */
class FakeDaemon implements EventSource {
  up = true;
  streams: EventEmitter[] = [];
  pings = 0;
  opens = 0;
  async imageEvents(): Promise<NodeJS.ReadableStream> {
    this.opens++;
    if (!this.up) throw refused();
    const stream = Object.assign(new EventEmitter(), { destroy() { /* nothing to free */ } });
    this.streams.push(stream);
    return stream as unknown as NodeJS.ReadableStream;
  }
  async ping(): Promise<unknown> {
    this.pings++;
    if (!this.up) throw refused();
    return 'OK';
  }
  stop(): void {
    this.up = false;
    for (const stream of this.streams.splice(0)) stream.emit('end');
  }
}

const quiet = new Logger({ error() {}, warn() {}, info() {}, debug() {}, trace() {} }, () => 'error');

function watch(daemon: FakeDaemon, clock: FakeClock) {
  const liveness: Array<Liveness & { at: number }> = [];
  let refreshes = 0;
  const watcher = new DaemonEventWatcher(() => daemon, {
    onImagesChanged: () => { refreshes++; },
    onLiveness: (state) => { liveness.push({ ...state, at: clock.now }); },
  }, quiet, clock);
  return { watcher, liveness, refreshes: () => refreshes };
}

test('a stopped daemon is reported at once with its reason, probed again with a growing pause, and recovery refreshes', async () => {
  const clock = new FakeClock();
  const daemon = new FakeDaemon();
  const { watcher, liveness, refreshes } = watch(daemon, clock);
  watcher.restart();
  await clock.advance(0);
  assert.deepEqual(liveness.map((state) => state.reachable), [true]);

  clock.now = 60_000;
  daemon.stop();
  await clock.advance(0);
  assert.equal(liveness.length, 2);
  const lost = liveness[1];
  assert.equal(lost.reachable, false);
  assert.equal(lost.at, 60_000, 'noticed when the stream ended, without waiting for a timer');
  assert.equal((lost as { error: { code: string } }).error.code, 'ECONNREFUSED', 'the probe\'s reason, not "stream ended"');
  assert.equal(daemon.pings, 1);

  // Still down: retried at 2 s, 4 s, 8 s, then every 10 s; reported once.
  await clock.advance(2_000 + 4_000 + 8_000 + 10_000 + 10_000);
  assert.equal(liveness.length, 2);
  assert.equal(daemon.opens, 1 + 5);
  assert.deepEqual(clock.pending(), [10_000]);

  daemon.up = true;
  await clock.advance(10_000);
  assert.deepEqual(liveness.map((state) => state.reachable), [true, false, true]);
  assert.equal(liveness[2].at - 60_000, 44_000);
  const before = refreshes();
  await clock.advance(1_000);
  assert.equal(refreshes(), before + 1, 'back after an outage: one refresh of the views');

  // The pause starts small again for the next outage.
  daemon.stop();
  await clock.advance(0);
  assert.deepEqual(clock.pending(), [2_000]);
  watcher.dispose();
  assert.deepEqual(clock.pending(), []);
});

test('a stream that drops while the daemon answers is reopened quietly, without a state change', async () => {
  const clock = new FakeClock();
  const daemon = new FakeDaemon();
  const { watcher, liveness } = watch(daemon, clock);
  watcher.restart();
  await clock.advance(0);
  daemon.streams[0].emit('error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
  daemon.streams[0].emit('close');
  await clock.advance(500);
  assert.equal(daemon.opens, 2, 'reopened after a short pause');
  assert.equal(daemon.pings, 1, 'one probe for one loss, however many events the stream emits');
  assert.deepEqual(liveness.map((state) => state.reachable), [true]);
  watcher.dispose();
});

test('a daemon that is down from the start is reported, and image events are debounced into one refresh', async () => {
  const clock = new FakeClock();
  const daemon = new FakeDaemon();
  daemon.up = false;
  const { watcher, liveness, refreshes } = watch(daemon, clock);
  watcher.restart();
  await clock.advance(0);
  assert.deepEqual(liveness.map((state) => state.reachable), [false]);
  assert.equal(watcher.isReachable, false);
  daemon.up = true;
  await clock.advance(2_000);
  assert.equal(watcher.isReachable, true);
  await clock.advance(1_000);
  const before = refreshes();
  for (let i = 0; i < 5; i++) daemon.streams[0].emit('data', Buffer.from('{"Type":"image","Action":"tag","id":"x"}\n'));
  await clock.advance(1_000);
  assert.equal(refreshes(), before + 1);
  // Restarting (a new endpoint) drops the old stream's late events.
  const old = daemon.streams[0];
  watcher.restart();
  await clock.advance(0);
  old.emit('end');
  await clock.advance(5_000);
  assert.equal(daemon.pings, 0);
  watcher.dispose();
});

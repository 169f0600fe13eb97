import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clip, displayView, PAGE_STEPS, parseHostMessage, parseState, parseWebviewMessage } from '../../../../../client/webviews/timings/protocol';
import type { BuildRecord, BuildStep } from '../../../../../engine/build/record';

function step(index: number, overrides: Partial<BuildStep> = {}): BuildStep {
  return {
    name: `[app ${index}/x] RUN step ${index}`, stage: 'app', instruction: 'RUN', line: index + 1, endLine: index + 1, kind: 'run', internal: false,
    startedMs: index, durationMs: 10, cached: false, completed: true, error: null, logTail: [], ...overrides,
  };
}

function record(steps: BuildStep[]): BuildRecord {
  return {
    version: 1, id: 'b', dockerfile: '/w/Dockerfile', context: '/w', tag: null, target: null, startedAt: '2026-01-01T10:00:00.000Z',
    builder: 'buildkit', outcome: 'failed', error: null, image: null, wallMs: 1, accumulatedMs: 1, cacheHits: 0, totalSteps: steps.length,
    contextBytes: 0, contextFiles: 0, contextPackMs: 0, steps,
  };
}

const show = (view: unknown) => parseHostMessage({ type: 'show', replyTo: null, view });

test('a step with a 120k-character name, error and log is shown cut, not rejected', () => {
  const line = `echo ${'a'.repeat(60_000)} \\`;
  const long = step(0, { name: `[app 1/1] RUN ${line}\n${line}`, error: 'e'.repeat(200_000), logTail: Array.from({ length: 5000 }, () => 'l'.repeat(150_000)) });
  const whole = record([long]);
  assert.equal(show({ dockerfileName: 'Dockerfile', current: whole, previous: null }), undefined, 'the raw record is over the limits');
  const view = displayView('Dockerfile', whole, null);
  const message = show(view);
  assert.ok(message?.type === 'show');
  const shown = message.view.current.steps[0];
  assert.ok(shown.name.length <= 2_000 && shown.name.startsWith('[app 1/1] RUN echo aaa'));
  assert.match(shown.name, /… \(118,\d{3} more characters\)$/);
  assert.ok(shown.error!.length <= 10_000 && shown.logTail.length === 200 && shown.logTail.every((l) => l.length <= 2_000));
  assert.equal(whole.steps[0].name.length, long.name.length, 'the record itself is left whole');
  assert.equal(clip('short', 10), 'short');
});

test('a build of more steps than a page is paged, with the previous build\'s matching steps for the comparison', () => {
  const steps = Array.from({ length: 2 * PAGE_STEPS + 500 }, (_, i) => step(i));
  const previous = record(steps.slice(0, 10).concat(steps.slice(PAGE_STEPS, PAGE_STEPS + 3)));
  const first = displayView('Dockerfile', record(steps), previous);
  assert.deepEqual(first.page, { offset: 0, total: steps.length });
  assert.equal(first.current.steps.length, PAGE_STEPS);
  assert.equal(first.previous?.steps.length, 10);
  const second = displayView('Dockerfile', record(steps), previous, PAGE_STEPS + 17);
  assert.deepEqual(second.page, { offset: PAGE_STEPS, total: steps.length });
  assert.equal(second.current.steps[0].name, steps[PAGE_STEPS].name);
  assert.equal(second.previous?.steps.length, 3);
  const last = displayView('Dockerfile', record(steps), null, 10 ** 9);
  assert.deepEqual(last.page, { offset: 2 * PAGE_STEPS, total: steps.length });
  assert.equal(last.current.steps.length, 500);
  for (const view of [first, second, last]) assert.ok(show(view), 'every page passes validation');
  assert.equal(displayView('Dockerfile', record(steps.slice(0, 3)), null).page, undefined, 'one page: no pager');
  assert.equal(displayView('Dockerfile', record([]), null).current.steps.length, 0);
});

test('page messages and views with a page are validated', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'page', requestId: 3, offset: 2000 }), { type: 'page', requestId: 3, offset: 2000 });
  for (const offset of [-1, 1.5, '2000', null, Number.MAX_VALUE]) assert.equal(parseWebviewMessage({ type: 'page', requestId: 3, offset }), undefined);
  const view = displayView('Dockerfile', record([step(0)]), null);
  for (const page of [{ offset: 5, total: 1 }, { offset: -1, total: 3 }, { offset: '0', total: 3 }, []]) {
    assert.equal(show({ ...view, page }), undefined, JSON.stringify(page));
  }
  assert.ok(show({ ...view, page: { offset: 0, total: 1 } }));
  assert.equal(parseState({ view: { ...view, page: { offset: 9, total: 2 } } }).view, null);
});

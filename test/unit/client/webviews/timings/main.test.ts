// The timings panel's webview script against a mock webview API and a small DOM (linkedom):
// the ready handshake, rendering, validation of host messages, escaping, sorting, state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { startTimingsView, type WebviewApi } from '../../../../../client/webviews/timings/main';
import { parseWebviewMessage, type TimingsView } from '../../../../../client/webviews/timings/protocol';
import type { BuildRecord, BuildStep } from '../../../../../engine/build/record';

const HOSTILE = '<img src=x onerror=alert(1)>';

function step(name: string, overrides: Partial<BuildStep> = {}): BuildStep {
  return {
    name, stage: 'builder', instruction: 'RUN', line: 3, endLine: 3, kind: 'run', internal: false,
    startedMs: 0, durationMs: 100, cached: false, completed: true, error: null, logTail: [], ...overrides,
  };
}

function record(steps: BuildStep[], overrides: Partial<BuildRecord> = {}): BuildRecord {
  return {
    version: 1, id: 'b1', dockerfile: '/w/Dockerfile', context: '/w', tag: 'app:dev', target: null,
    startedAt: '2026-01-01T10:00:00.000Z', builder: 'buildkit', outcome: 'succeeded', error: null,
    image: `sha256:${'a'.repeat(64)}`, wallMs: 5000, accumulatedMs: 6000, cacheHits: 1, totalSteps: 3,
    contextBytes: 12_400_000, contextFiles: 42, contextPackMs: 80, steps, ...overrides,
  };
}

const STEPS = [
  step('[internal] load remote build context', { stage: null, instruction: null, line: null, endLine: null, kind: 'context', internal: true, durationMs: 80 }),
  step('[builder 1/3] FROM docker.io/library/golang:1.22', { instruction: 'FROM', line: 1, kind: 'base', startedMs: 90, durationMs: 10, cached: true }),
  step('[builder 2/3] COPY go.mod ./', { instruction: 'COPY', line: 2, kind: 'copy', startedMs: 100, durationMs: 300 }),
  step('[builder 3/3] RUN go build', { line: 3, startedMs: 400, durationMs: 4000 }),
];

function setup(initialState?: unknown) {
  const { document } = parseHTML('<!DOCTYPE html><html><body><main id="root"></main><p id="status"></p></body></html>');
  const posted: unknown[] = [];
  let saved: unknown = initialState;
  const api: WebviewApi = { postMessage: (message) => posted.push(message), getState: () => saved, setState: (state) => { saved = state; } };
  const listeners: Array<(event: { data: unknown }) => void> = [];
  const win = { addEventListener: (type: string, listener: (event: { data: unknown }) => void) => { if (type === 'message') listeners.push(listener); } } as unknown as Window;
  const root = document.getElementById('root') as HTMLElement;
  startTimingsView(api, win, root);
  const deliver = (data: unknown) => listeners.forEach((listener) => listener({ data }));
  const readyId = (posted[0] as { requestId: number }).requestId;
  const click = (element: Element) => element.dispatchEvent(new document.defaultView!.Event('click'));
  return { document, root, posted, deliver, readyId, click, state: () => saved };
}

const view = (current: BuildRecord, previous: BuildRecord | null = null): TimingsView => ({ dockerfileName: 'Dockerfile', current, previous });

test('sends a typed ready request and shows an empty message until data arrives', () => {
  const { posted, root } = setup();
  assert.equal(posted.length, 1);
  assert.deepEqual(parseWebviewMessage(posted[0]), posted[0]);
  assert.equal((posted[0] as { type: string }).type, 'ready');
  assert.match(root.textContent ?? '', /No build yet/);
});

test('renders totals, a waterfall grouped by stage and the step table from the reply to ready', () => {
  const { root, deliver, readyId, state } = setup();
  deliver({ type: 'show', replyTo: readyId, view: view(record(STEPS)) });
  const text = root.textContent ?? '';
  assert.match(text, /Build timings — Dockerfile/);
  assert.match(text, /5\.00 s/);
  assert.match(text, /1\/3 steps \(33 %\)/);
  assert.match(text, /12.4 MB · 42 files/);
  assert.deepEqual(Array.from(root.querySelectorAll('.waterfall h3')).map((h) => h.textContent), ['BuildKit', 'builder']);
  assert.equal(root.querySelectorAll('.waterfall .bar.kind-run').length, 1);
  assert.equal(root.querySelectorAll('.waterfall .bar.kind-copy').length, 1);
  assert.equal(root.querySelectorAll('.waterfall .bar.cached').length, 1);
  assert.equal(root.querySelectorAll('tbody tr').length, 4);
  assert.ok((state() as { view: TimingsView }).view.current.id === 'b1', 'the view is kept in webview state');
});

test('ignores replies to unknown requests and payloads that fail validation', () => {
  const { root, deliver, readyId } = setup();
  deliver({ type: 'show', replyTo: readyId + 100, view: view(record(STEPS)) });
  deliver({ type: 'show', replyTo: readyId, view: { ...view(record(STEPS)), current: { ...record(STEPS), wallMs: 'slow' } } });
  deliver({ type: 'show', replyTo: readyId, view: view(record([{ ...STEPS[1], kind: 'evil' as never }])) });
  deliver('show');
  deliver(null);
  assert.match(root.textContent ?? '', /No build yet/);
});

test('a hostile step name stays text: no element is created from it', () => {
  const { root, document, deliver, readyId } = setup();
  const hostile = record([step(HOSTILE, { line: 2, error: HOSTILE, logTail: [HOSTILE] })], { outcome: 'failed', error: HOSTILE, tag: HOSTILE });
  deliver({ type: 'show', replyTo: readyId, view: { ...view(hostile), dockerfileName: HOSTILE } });
  assert.equal(document.querySelectorAll('img').length, 0);
  assert.ok(!Array.from(document.querySelectorAll('*')).some((element) => element.hasAttribute('onerror')));
  assert.ok((root.textContent ?? '').includes(HOSTILE));
  assert.equal(root.querySelector('pre.log')?.textContent, HOSTILE);
});

test('clicking a step asks the host to reveal its line with a new request id; the failure log is shown', () => {
  const { root, posted, deliver, readyId, click } = setup();
  const failed = record([...STEPS.slice(0, 3), step('[builder 3/3] RUN go build', { line: 3, error: 'exit code: 2', logTail: ['main.go:3: undefined: x'] })], { outcome: 'failed', error: 'exit code: 2', image: null });
  deliver({ type: 'show', replyTo: readyId, view: view(failed) });
  assert.match(root.querySelector('.failure')?.textContent ?? '', /exit code: 2/);
  assert.equal(root.querySelector('.failure pre')?.textContent, 'main.go:3: undefined: x');
  const button = Array.from(root.querySelectorAll('.steps button.link')).find((candidate) => candidate.textContent?.startsWith('line 2 · '))!;
  click(button);
  const request = posted[posted.length - 1] as { type: string; requestId: number; line: number };
  assert.deepEqual({ type: request.type, line: request.line }, { type: 'revealLine', line: 2 });
  assert.ok(request.requestId > readyId);
  deliver({ type: 'revealed', replyTo: request.requestId, ok: false, message: 'Line 2 is past the end' });
  assert.equal(root.ownerDocument.getElementById('status')?.textContent, 'Line 2 is past the end');
});

test('the table sorts by duration from its header button and remembers the order', () => {
  const { root, deliver, readyId, click, state } = setup();
  deliver({ type: 'show', replyTo: readyId, view: view(record(STEPS)) });
  const durations = () => Array.from(root.querySelectorAll('tbody tr')).map((row) => row.children[2].textContent);
  click(root.querySelector('th[aria-sort] button')!);
  assert.deepEqual(durations(), ['4.00 s', '300 ms', '80 ms', '10 ms']);
  assert.equal(root.querySelector('th[aria-sort]')?.getAttribute('aria-sort'), 'descending');
  click(root.querySelector('th[aria-sort] button')!);
  assert.deepEqual(durations(), ['10 ms', '80 ms', '300 ms', '4.00 s']);
  assert.equal((state() as { sort: string }).sort, 'duration-asc');
});

test('compares with the previous build: per-step delta and steps that lost their cache', () => {
  const { root, deliver, readyId } = setup();
  const previous = record(STEPS.map((s) => (s.line === 2 ? { ...s, cached: true, durationMs: 0 } : { ...s, durationMs: s.durationMs / 2 })), { id: 'b0', wallMs: 3000 });
  deliver({ type: 'show', replyTo: readyId, view: view(record(STEPS), previous) });
  assert.match(root.querySelector('.comparison')?.textContent ?? '', /line 2: \[builder 2\/3\] COPY go\.mod \.\/ lost its cache/);
  assert.ok(Array.from(root.querySelectorAll('tbody td')).some((cell) => cell.textContent === '+2.00 s'));
  assert.match(root.querySelector('.totals')?.textContent ?? '', /5\.00 s \(\+2\.00 s\)/);
});

test('restores the last view from webview state before the host answers (hidden/visible, reload)', () => {
  const first = setup();
  first.deliver({ type: 'show', replyTo: first.readyId, view: view(record(STEPS)) });
  const again = setup(first.state());
  assert.match(again.root.textContent ?? '', /Build timings — Dockerfile/);
  assert.equal(again.root.querySelectorAll('tbody tr').length, 4);
});

test('the host accepts only well-formed requests from the webview', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'revealLine', requestId: 3, line: 7 }), { type: 'revealLine', requestId: 3, line: 7 });
  for (const bad of [
    { type: 'revealLine', requestId: 3, line: 0 }, { type: 'revealLine', requestId: 3, line: '7' },
    { type: 'revealLine', requestId: -1, line: 7 }, { type: 'revealLine', requestId: 1.5, line: 7 },
    { type: 'openFile', requestId: 3, path: '/etc/passwd' }, { type: 'ready' }, null, 'ready', [],
  ]) assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad));
});

test('a paged build shows where it is and asks the host for the next page', () => {
  const { root, posted, deliver, readyId, click } = setup();
  const steps = Array.from({ length: 5 }, (_, i) => step(`[builder ${i}/5] RUN ${'x'.repeat(i === 0 ? 1_500 : 3)}`, { line: i + 1 }));
  deliver({ type: 'show', replyTo: readyId, view: { ...view(record(steps)), page: { offset: 2000, total: 2005 } } });
  assert.match(root.textContent ?? '', /Steps 2,001–2,005 of 2,005/);
  const [previous, next] = Array.from(root.querySelectorAll('.pager button')) as HTMLButtonElement[];
  assert.equal(next.disabled, true);
  const label = root.querySelector('.step-name') as HTMLElement;
  assert.ok((label.textContent ?? '').length < 300 && label.textContent!.endsWith('…'), 'a long name is cut in its label');
  assert.ok(label.title.includes('x'.repeat(1_500)), 'and whole in its tooltip');
  click(previous);
  const request = posted.at(-1) as { type: string; offset: number };
  assert.deepEqual(parseWebviewMessage(request), request);
  assert.equal(request.type, 'page');
  assert.equal(request.offset, 0);
});

test('a step that ran says why, as text; a why that is not text fails validation', () => {
  const { root, deliver, readyId } = setup();
  const steps = STEPS.map((s) => (s.line === 2 ? { ...s, why: `1 file changed: ${HOSTILE}` } : s.line === 3 ? { ...s, why: 'after line 2' } : s));
  deliver({ type: 'show', replyTo: readyId, view: view(record(steps)) });
  const cells = Array.from(root.querySelectorAll('tbody td.why')).map((cell) => cell.textContent);
  assert.deepEqual(cells, [`ran: 1 file changed: ${HOSTILE}`, 'ran: after line 2']);
  assert.equal(root.querySelector('tbody img'), null);
  const again = setup();
  again.deliver({ type: 'show', replyTo: again.readyId, view: view(record(STEPS.map((s) => ({ ...s, why: 42 as unknown as string })))) });
  assert.match(again.root.textContent ?? '', /No build yet/);
});

// Renders the timings view with DOM calls only: every text from a build goes through
// textContent, so a step named `<img src=x onerror=…>` stays text.
import { cacheRatio, compareBuilds, contextHow, contextTransferStep, failedStep, stepsByStage, stepStageName, type BuildRecord, type BuildStep, type StepDelta } from '../../../engine/build/record';
import { formatBytes, formatCount, formatDuration, formatPercent } from '../../../common/format';
import { PAGE_STEPS, type TimingsState, type TimingsView } from './protocol';

export interface RenderHandlers {
  reveal(line: number): void;
  sort(order: TimingsState['sort']): void;
  /** Shows the page of steps starting at `offset` (a build of more than one page). */
  page(offset: number): void;
}

type Children = Array<Node | string | null | undefined | false>;

function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, className?: string, children: Children = []): HTMLElementTagNameMap[K] {
  const element = doc.createElement(tag);
  if (className) element.className = className;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? doc.createTextNode(child) : child);
  }
  return element;
}

const stageOf = stepStageName;
/** Characters of a step's name shown in a label; the whole (display) name is in its tooltip. */
const LABEL_CHARS = 200;
const shortName = (step: BuildStep) => {
  const name = step.name.replace(/^\[[^\]]*\]\s*/, '').replace(/\s+/g, ' ');
  return name.length > LABEL_CHARS ? `${name.slice(0, LABEL_CHARS - 1)}…` : name;
};

/** A control that reveals the step's Dockerfile line, or plain text for internal steps. */
function stepLabel(doc: Document, step: BuildStep, handlers: RenderHandlers, className: string): HTMLElement {
  const text = `${step.line === null ? '' : `line ${step.line} · `}${shortName(step)}`;
  const cut = text.endsWith('…') ? `${step.name}\n` : '';
  if (step.line === null) {
    const label = el(doc, 'span', className, [text]);
    if (cut) label.title = step.name;
    return label;
  }
  const line = step.line;
  const button = el(doc, 'button', `${className} link`, [text]);
  button.type = 'button';
  button.title = `${cut}Reveal line ${line} in the Dockerfile`;
  button.addEventListener('click', () => handlers.reveal(line));
  return button;
}

function totals(doc: Document, record: BuildRecord, previous: BuildRecord | null): HTMLElement {
  const transfer = contextTransferStep(record);
  const delta = (now: number, before: number | undefined) => (before === undefined ? '' : ` (${now >= before ? '+' : '−'}${formatDuration(Math.abs(now - before))})`);
  const items: Array<[string, string]> = [
    ['Wall time', formatDuration(record.wallMs) + delta(record.wallMs, previous?.wallMs)],
    ['Accumulated', formatDuration(record.accumulatedMs) + delta(record.accumulatedMs, previous?.accumulatedMs)],
    ['Cache', `${record.cacheHits}/${record.totalSteps} steps (${formatPercent(cacheRatio(record))})`],
    ['Context sent', `${formatBytes(record.contextBytes)} · ${formatCount(record.contextFiles, 'file')} · ${contextHow(record)}${transfer ? ` · transfer step ${formatDuration(transfer.durationMs)}` : ''}`],
    ['Image', record.image ? record.image.replace(/^sha256:/, '').slice(0, 12) + (record.tag ? ` (${record.tag})` : '') : '–'],
  ];
  return el(doc, 'dl', 'totals', items.flatMap(([term, value]) => [el(doc, 'dt', '', [term]), el(doc, 'dd', '', [value])]));
}

function waterfall(doc: Document, record: BuildRecord, handlers: RenderHandlers): HTMLElement {
  const span = Math.max(1, ...record.steps.map((step) => (step.startedMs ?? 0) + step.durationMs));
  const stages = stepsByStage(record.steps);
  const place = (bar: HTMLElement, start: number, duration: number) => {
    bar.style.left = `${(start / span) * 100}%`;
    bar.style.width = `${Math.max(0.4, (duration / span) * 100)}%`;
  };
  // One lane per stage first: stages that ran in parallel show overlapping spans.
  const overview = el(doc, 'div', 'lanes', stages.map(([stage, steps]) => {
    const started = steps.filter((step) => step.startedMs !== null);
    const start = Math.min(...started.map((step) => step.startedMs!), span);
    const end = Math.max(...started.map((step) => step.startedMs! + step.durationMs), start);
    const bar = el(doc, 'span', 'bar stage-bar');
    place(bar, start, end - start);
    bar.title = `${stage}: ${formatDuration(end - start)}`;
    return el(doc, 'div', 'row', [el(doc, 'span', 'row-label', [stage]), el(doc, 'span', 'track', [bar])]);
  }));
  const groups = stages.map(([stage, steps]) => el(doc, 'section', 'stage', [
    el(doc, 'h3', '', [stage]),
    ...steps.map((step) => {
      const bar = el(doc, 'span', `bar kind-${step.kind}${step.cached ? ' cached' : ''}${step.error ? ' failed' : ''}`);
      place(bar, step.startedMs ?? 0, step.durationMs);
      const figure = step.cached ? 'cached' : formatDuration(step.durationMs);
      bar.title = `${step.name}\n${figure}${step.error ? `\nfailed: ${step.error}` : ''}`;
      return el(doc, 'div', 'row', [
        stepLabel(doc, step, handlers, 'row-label'),
        el(doc, 'span', 'track', [bar]),
        el(doc, 'span', 'row-figure', [figure]),
      ]);
    }),
  ]));
  const legend = el(doc, 'p', 'legend', (['context', 'base', 'run', 'copy', 'export', 'other'] as const).map((kind) =>
    el(doc, 'span', `legend-item`, [el(doc, 'span', `swatch kind-${kind}`), kind === 'base' ? 'base image' : kind])));
  return el(doc, 'section', 'waterfall', [el(doc, 'h2', '', ['Timeline']), legend, overview, ...groups]);
}

function table(doc: Document, record: BuildRecord, deltas: StepDelta[] | null, state: TimingsState, handlers: RenderHandlers, page?: TimingsView['page']): HTMLElement {
  const rows = record.steps.map((step, index) => ({ step, delta: deltas?.[index] ?? null }));
  if (state.sort !== 'time') rows.sort((a, b) => (state.sort === 'duration-desc' ? -1 : 1) * (a.step.durationMs - b.step.durationMs));
  const sortButton = el(doc, 'button', 'link', ['Duration', state.sort === 'duration-desc' ? ' ▼' : state.sort === 'duration-asc' ? ' ▲' : '']);
  sortButton.type = 'button';
  sortButton.title = 'Sort by duration';
  sortButton.addEventListener('click', () => handlers.sort(state.sort === 'duration-desc' ? 'duration-asc' : state.sort === 'duration-asc' ? 'time' : 'duration-desc'));
  const durationHeader = el(doc, 'th', 'num', [sortButton]);
  durationHeader.setAttribute('aria-sort', state.sort === 'duration-desc' ? 'descending' : state.sort === 'duration-asc' ? 'ascending' : 'none');
  const headers = [el(doc, 'th', '', ['Step']), el(doc, 'th', '', ['Stage']), durationHeader, el(doc, 'th', '', ['Cache (why a step ran)']), deltas && el(doc, 'th', 'num', ['Δ previous'])];
  const body = rows.map(({ step, delta }) => el(doc, 'tr', step.error ? 'failed' : '', [
    el(doc, 'td', '', [stepLabel(doc, step, handlers, 'step-name')]),
    el(doc, 'td', '', [stageOf(step)]),
    el(doc, 'td', 'num', [formatDuration(step.durationMs)]),
    el(doc, 'td', step.why ? 'why' : '', [step.cached ? 'cached' : step.error ? 'failed' : step.why ? `ran: ${step.why}` : delta?.lostCache ? 'lost cache' : '']),
    deltas && el(doc, 'td', 'num', [delta?.deltaMs == null ? 'new' : `${delta.deltaMs >= 0 ? '+' : '−'}${formatDuration(Math.abs(delta.deltaMs))}`]),
  ]));
  return el(doc, 'section', 'steps', [el(doc, 'h2', '', ['Steps']), pager(doc, record, page, handlers), el(doc, 'table', '', [el(doc, 'thead', '', [el(doc, 'tr', '', headers)]), el(doc, 'tbody', '', body)])]);
}

/** "Steps 2,001–2,500 of 2,500" with Previous/Next, for a build of more than one page. */
function pager(doc: Document, record: BuildRecord, page: TimingsView['page'], handlers: RenderHandlers): HTMLElement | null {
  if (!page) return null;
  const shown = record.steps.length;
  const button = (label: string, offset: number, enabled: boolean) => {
    const control = el(doc, 'button', 'link', [label]);
    control.type = 'button';
    control.disabled = !enabled;
    control.addEventListener('click', () => handlers.page(offset));
    return control;
  };
  return el(doc, 'p', 'pager', [
    button('Previous', Math.max(0, page.offset - PAGE_STEPS), page.offset > 0),
    ` Steps ${(page.offset + 1).toLocaleString('en-US')}–${(page.offset + shown).toLocaleString('en-US')} of ${page.total.toLocaleString('en-US')} `,
    button('Next', page.offset + PAGE_STEPS, page.offset + shown < page.total),
  ]);
}

function failure(doc: Document, record: BuildRecord, handlers: RenderHandlers): HTMLElement | null {
  const step = failedStep(record);
  if (!step && !record.error) return null;
  return el(doc, 'section', 'failure', [
    el(doc, 'h2', '', [record.outcome === 'cancelled' ? 'Cancelled' : 'Failed step']),
    step && stepLabel(doc, step, handlers, 'step-name'),
    el(doc, 'p', 'error-text', [step?.error ?? record.error ?? '']),
    step && step.logTail.length > 0 && el(doc, 'pre', 'log', [step.logTail.join('\n')]),
  ]);
}

function comparison(doc: Document, deltas: StepDelta[], previous: BuildRecord): HTMLElement {
  const lost = deltas.filter((delta) => delta.lostCache);
  return el(doc, 'section', 'comparison', [
    el(doc, 'h2', '', ['Compared with the previous build']),
    el(doc, 'p', '', [`Previous build ${new Date(previous.startedAt).toLocaleString()}: ${formatDuration(previous.wallMs)} wall, cache ${previous.cacheHits}/${previous.totalSteps}.`]),
    lost.length === 0
      ? el(doc, 'p', '', ['No step lost its cache.'])
      : el(doc, 'ul', 'lost-cache', lost.map((delta) => el(doc, 'li', '', [`${delta.line === null ? '' : `line ${delta.line}: `}${delta.name} lost its cache (+${formatDuration(Math.max(0, delta.deltaMs ?? 0))})`]))),
  ]);
}

export function renderView(doc: Document, root: HTMLElement, view: TimingsView, state: TimingsState, handlers: RenderHandlers): void {
  const { current, previous } = view;
  const deltas = previous ? compareBuilds(current, previous) : null;
  const title = el(doc, 'h1', '', [`Build timings — ${view.dockerfileName}`]);
  const outcome = el(doc, 'p', `outcome outcome-${current.outcome}`, [
    `${current.outcome === 'succeeded' ? 'Succeeded' : current.outcome === 'failed' ? 'Failed' : 'Cancelled'} · ${new Date(current.startedAt).toLocaleString()}${current.target ? ` · target ${current.target}` : ''}${current.builder === 'classic' ? ' · classic builder' : ''}`,
  ]);
  root.replaceChildren(
    title, outcome, totals(doc, current, previous),
    failure(doc, current, handlers) ?? '',
    waterfall(doc, current, handlers),
    table(doc, current, deltas, state, handlers, view.page),
    previous && deltas ? comparison(doc, deltas, previous) : '',
  );
}

export function renderMessage(doc: Document, root: HTMLElement, message: string): void {
  root.replaceChildren(el(doc, 'p', 'empty', [message]));
}

// The timings panel's script. It asks the host for data with a `ready` request, renders what a
// validated `show` message carries, and keeps the view in getState/setState so the panel comes
// back intact after being hidden or after a window reload.
import { parseHostMessage, parseState, type TimingsState, type WebviewToHost } from './protocol';
import { renderMessage, renderView } from './render';

export interface WebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): WebviewApi;

export function startTimingsView(api: WebviewApi, win: Window, root: HTMLElement): void {
  const doc = root.ownerDocument;
  let state: TimingsState = parseState(api.getState());
  let nextRequestId = 1;
  const pending = new Set<number>();

  const send = (message: WebviewToHost) => {
    pending.add(message.requestId);
    api.postMessage(message);
  };
  const status = doc.getElementById('status');
  const announce = (text: string) => { if (status) status.textContent = text; };

  const render = () => {
    if (!state.view) {
      renderMessage(doc, root, 'No build yet. Run “Dockscope: Build Image with Timings” on a Dockerfile.');
      return;
    }
    renderView(doc, root, state.view, state, {
      reveal: (line) => send({ type: 'revealLine', requestId: nextRequestId++, line }),
      page: (offset) => send({ type: 'page', requestId: nextRequestId++, offset }),
      sort: (sort) => {
        state = { ...state, sort };
        api.setState(state);
        render();
        announce(sort === 'time' ? 'Steps in build order' : `Steps sorted by duration, ${sort === 'duration-desc' ? 'longest' : 'shortest'} first`);
        (root.querySelector('th[aria-sort] button') as HTMLElement | null)?.focus();
      },
    });
  };

  win.addEventListener('message', (event: MessageEvent) => {
    const message = parseHostMessage(event.data);
    if (!message) return;
    if (message.replyTo !== null) {
      if (!pending.has(message.replyTo)) return;
      pending.delete(message.replyTo);
    }
    switch (message.type) {
      case 'show':
        state = { ...state, view: message.view };
        api.setState(state);
        render();
        break;
      case 'empty':
        state = { ...state, view: null };
        api.setState(state);
        renderMessage(doc, root, message.message);
        break;
      case 'revealed':
        if (!message.ok) announce(message.message ?? 'Could not reveal the line.');
        break;
    }
  });

  render();
  send({ type: 'ready', requestId: nextRequestId++ });
}

if (typeof acquireVsCodeApi === 'function') {
  const root = document.getElementById('root');
  if (root) startTimingsView(acquireVsCodeApi(), window, root);
}

// Splits the daemon's build response (newline-delimited JSON) into typed events. BuildKit sends
// `moby.buildkit.trace` (base64 StatusResponse) and `moby.image.id`; the classic builder sends
// `stream` text (`Step N/M : …`, ` ---> Using cache`) and `aux.ID`; both send `error`.
import { StringDecoder } from 'node:string_decoder';
import { decodeTrace, type StatusResponse } from './traceDecoder';

export type BuildEvent =
  | { type: 'trace'; status: StatusResponse }
  | { type: 'image'; id: string }
  | { type: 'text'; text: string }
  | { type: 'error'; message: string };

export function parseBuildLine(line: string): BuildEvent[] {
  if (!line.trim()) return [];
  let message: Record<string, unknown>;
  try {
    message = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return [{ type: 'text', text: line }];
  }
  if (typeof message !== 'object' || message === null) return [];
  const events: BuildEvent[] = [];
  const aux = message.aux;
  if (message.id === 'moby.buildkit.trace' && typeof aux === 'string') {
    try {
      events.push({ type: 'trace', status: decodeTrace(aux) });
    } catch (error) {
      events.push({ type: 'text', text: `(undecodable BuildKit trace: ${error instanceof Error ? error.message : String(error)})` });
    }
  } else if (aux && typeof aux === 'object' && typeof (aux as { ID?: unknown }).ID === 'string') {
    // `moby.image.id` under BuildKit; an untagged aux under the classic builder.
    events.push({ type: 'image', id: (aux as { ID: string }).ID });
  }
  if (typeof message.stream === 'string') events.push({ type: 'text', text: message.stream });
  const detail = (message.errorDetail as { message?: unknown } | undefined)?.message;
  if (typeof message.error === 'string' || typeof detail === 'string') {
    events.push({ type: 'error', message: String(typeof detail === 'string' ? detail : message.error) });
  }
  return events;
}

/** Feeds chunks of the response body and calls back once per complete line. */
export class LineSplitter {
  private rest = '';
  // A multi-byte character can straddle two chunks.
  private readonly decoder = new StringDecoder('utf8');
  constructor(private readonly onLine: (line: string) => void) {}
  push(chunk: Buffer | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.onLine(line);
  }
  end(): void {
    this.rest += this.decoder.end();
    if (this.rest) this.onLine(this.rest);
    this.rest = '';
  }
}

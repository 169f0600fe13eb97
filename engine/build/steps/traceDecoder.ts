// Decodes the `moby.buildkit.trace` aux payloads of a BuildKit build into plain typed objects,
// with protobufjs and the upstream message definitions (buildkitProto.ts).
import * as protobuf from 'protobufjs';
import { BUILDKIT_CONTROL_PROTO, BUILDKIT_OPS_PROTO, GOOGLE_TIMESTAMP_PROTO } from './buildkitProto';

/** Milliseconds since the epoch on the daemon's clock. */
export type DaemonTime = number;

export interface TraceVertex {
  digest: string;
  inputs: string[];
  name: string;
  cached: boolean;
  started?: DaemonTime;
  completed?: DaemonTime;
  error?: string;
}

export interface TraceStatus {
  id: string;
  vertex: string;
  name: string;
  current: number;
  total: number;
  timestamp?: DaemonTime;
  started?: DaemonTime;
  completed?: DaemonTime;
}

export interface TraceLog {
  vertex: string;
  timestamp?: DaemonTime;
  /** 1 = stdout, 2 = stderr. */
  stream: number;
  text: string;
}

export interface TraceWarning {
  vertex: string;
  level: number;
  short: string;
  detail: string[];
  url: string;
}

export interface StatusResponse {
  vertexes: TraceVertex[];
  statuses: TraceStatus[];
  logs: TraceLog[];
  warnings: TraceWarning[];
}

let statusResponseType: protobuf.Type | undefined;

function statusResponse(): protobuf.Type {
  if (!statusResponseType) {
    const root = new protobuf.Root();
    for (const source of [GOOGLE_TIMESTAMP_PROTO, BUILDKIT_OPS_PROTO, BUILDKIT_CONTROL_PROTO]) {
      protobuf.parse(source, root, { keepCase: true });
    }
    root.resolveAll();
    statusResponseType = root.lookupType('moby.buildkit.v1.StatusResponse');
  }
  return statusResponseType;
}

interface RawTimestamp { seconds?: number; nanos?: number }
type Raw = Record<string, unknown>;

function time(value: unknown): DaemonTime | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { seconds = 0, nanos = 0 } = value as RawTimestamp;
  return Number(seconds) * 1000 + Number(nanos) / 1e6;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const bytesText = (value: unknown): string => (value instanceof Uint8Array ? Buffer.from(value).toString('utf8') : '');
const list = (value: unknown): Raw[] => (Array.isArray(value) ? (value as Raw[]) : []);

/** Decodes one base64 `aux` payload. Throws on bytes that are not a StatusResponse. */
export function decodeTrace(base64: string): StatusResponse {
  const type = statusResponse();
  const message = type.decode(Buffer.from(base64, 'base64'));
  const raw = type.toObject(message, { longs: Number, defaults: false, arrays: true }) as Raw;
  return {
    vertexes: list(raw.vertexes).map((v) => ({
      digest: text(v.digest),
      inputs: Array.isArray(v.inputs) ? v.inputs.map(text) : [],
      name: text(v.name),
      cached: v.cached === true,
      started: time(v.started),
      completed: time(v.completed),
      error: text(v.error) || undefined,
    })),
    statuses: list(raw.statuses).map((s) => ({
      id: text(s.ID),
      vertex: text(s.vertex),
      name: text(s.name),
      current: Number(s.current ?? 0),
      total: Number(s.total ?? 0),
      timestamp: time(s.timestamp),
      started: time(s.started),
      completed: time(s.completed),
    })),
    logs: list(raw.logs).map((l) => ({
      vertex: text(l.vertex),
      timestamp: time(l.timestamp),
      stream: Number(l.stream ?? 0),
      text: bytesText(l.msg),
    })),
    warnings: list(raw.warnings).map((w) => ({
      vertex: text(w.vertex),
      level: Number(w.level ?? 0),
      short: bytesText(w.short),
      detail: Array.isArray(w.detail) ? w.detail.map(bytesText) : [],
      url: text(w.url),
    })),
  };
}

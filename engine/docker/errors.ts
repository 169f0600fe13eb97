// Failures talking to Docker, sorted into the few kinds a person can act on. The tree view shows
// `message` in a message node with a Retry action; the CLI prints it and exits 1. Messages say what
// to do in the words of the interface the person is in (a setting in the editor, a flag in the
// CLI): the caller passes them.

export type DockerErrorKind =
  | 'unreachable' // nothing listens at the endpoint (daemon stopped, wrong host)
  | 'permission-denied' // the socket exists but this user may not open it
  | 'api-too-old' // the daemon's Engine API is older than we need
  | 'image-not-found' // no such image, or it was removed while we looked at it
  | 'stream-interrupted' // the daemon went away in the middle of a response
  | 'timeout' // no answer within the timeout (a hung daemon, a socket that accepts and never answers)
  | 'stalled' // a stream stopped moving in the middle (an export that hangs half way)
  | 'bad-answer' // something answered that is not a Docker daemon (not JSON, TLS on the other side)
  | 'bad-archive' // the image export is not a tar we understand
  | 'cancelled' // the user cancelled
  | 'config' // the endpoint configuration itself is wrong
  | 'tls' // the TLS handshake failed (certificates, or TLS spoken to a plain port and back)
  | 'ssh' // the ssh host refused us (host key, login) or its docker failed; the message says which
  | 'unknown';

/** Oldest Engine API we rely on (Docker 20.10). */
const MIN_API_VERSION = '1.41';

/** An error we raise ourselves, already classified. */
export class DockerError extends Error {
  readonly kind: DockerErrorKind;
  /** The request it concerns, e.g. "GET /images/app:1/json". */
  readonly request?: string;
  /** The timeout that expired (timeout, stalled). */
  readonly seconds?: number;
  constructor(kind: DockerErrorKind, message: string, options?: { cause?: unknown; request?: string; seconds?: number }) {
    super(message, options);
    this.name = 'DockerError';
    this.kind = kind;
    this.request = options?.request;
    this.seconds = options?.seconds;
  }
}

export interface DockerFailure {
  kind: DockerErrorKind;
  /** One or two sentences for people: what happened and what to do. */
  message: string;
  /** The underlying error text, for logs. */
  detail: string;
  /** Whether trying again later can help (drives the Retry action). */
  retryable: boolean;
}

/** What to tell the person to do, in the words of the interface they are in. */
export interface InterfaceWords {
  /** How to point Dockscope at another endpoint: "set dockscope.docker.host", "pass --host". */
  otherEndpoint: string;
  /** What to do when an image is not (or no longer) there: "Refresh the list." */
  imageGone: string;
  /** How to choose the network of RUN steps: "set dockscope.build.network", "pass --network". */
  buildNetwork: string;
  /** How to wait longer for the daemon: "set dockscope.docker.timeoutSeconds", "pass --timeout". */
  timeout: string;
  /** TLS: how to turn it on, name the client certificate, name the daemon's CA, turn it off. */
  tls: { on: string; clientCert: string; caCert: string; off: string };
}

export const EDITOR_WORDS: InterfaceWords = {
  otherEndpoint: 'set dockscope.docker.host (or DOCKER_HOST)',
  imageGone: 'Refresh the list.',
  buildNetwork: 'set dockscope.build.network to "none" (or "host")',
  timeout: 'set dockscope.docker.timeoutSeconds',
  tls: {
    on: 'set dockscope.docker.tlsCaCert, dockscope.docker.tlsCert and dockscope.docker.tlsKey (or DOCKER_TLS_VERIFY and DOCKER_CERT_PATH)',
    clientCert: 'set dockscope.docker.tlsCert and dockscope.docker.tlsKey to a certificate the daemon trusts (or check DOCKER_CERT_PATH)',
    caCert: "set dockscope.docker.tlsCaCert to the CA certificate that signed the daemon's (or check DOCKER_CERT_PATH)",
    off: 'clear the dockscope.docker.tls… settings (and DOCKER_TLS_VERIFY), or use the port where the daemon speaks TLS',
  },
};

export const CLI_WORDS: InterfaceWords = {
  otherEndpoint: 'pass --host (or set DOCKER_HOST)',
  imageGone: 'Check the name and tag with `docker images`.',
  buildNetwork: 'pass --network none (or host)',
  timeout: 'pass --timeout SECONDS',
  tls: {
    on: 'pass --tlsverify with --tlscacert, --tlscert and --tlskey (or set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH)',
    clientCert: 'check DOCKER_CERT_PATH, or pass --tlscert and --tlskey with a certificate the daemon trusts',
    caCert: "pass the CA certificate that signed the daemon's with --tlscacert (or check ca.pem in DOCKER_CERT_PATH)",
    off: 'drop --tls/--tlsverify (and DOCKER_TLS_VERIFY), or use the port where the daemon speaks TLS',
  },
};

export interface FailureContext {
  words: InterfaceWords;
  /** Endpoint description from DockerEndpoint.description. */
  endpoint?: string;
  /** The image reference being worked on. */
  image?: string;
}

interface ErrorLike { code?: unknown; errno?: unknown; statusCode?: unknown; reason?: unknown; json?: unknown; message?: unknown; name?: unknown; kind?: unknown; cause?: unknown }

/** Classifies anything thrown by dockerode, docker-modem, node:http, tar-stream or our own code. */
export function classifyDockerError(error: unknown, context: FailureContext): DockerFailure {
  const { words } = context;
  const kind = kindOf(error);
  const detail = detailOf(error);
  const at = context.endpoint ? ` at ${context.endpoint}` : '';
  const image = context.image ? `"${context.image}"` : 'The image';
  const ours = findDockerError(error);
  const request = ours?.request ? ` ${ours.request}` : '';
  const waited = ours?.seconds !== undefined ? `${ours.seconds} s` : 'the timeout';
  if (kind === 'stream-interrupted' || kind === 'bad-answer' || kind === 'unknown') {
    if (speaksTls(error)) {
      // The answer came as a broken stream (a build's hijacked connection): same cause, same words.
      return { kind: 'tls', detail, retryable: false, message: explainTlsError(error, detailChain(error), words, at) };
    }
  }
  const reason = socketReason(error);
  switch (kind) {
    case 'unreachable':
      return { kind, detail, retryable: true, message: `Cannot reach the Docker daemon${at}${reason ? `: ${reason}` : ''}. Is Docker running? If it listens elsewhere, ${words.otherEndpoint}.` };
    case 'permission-denied':
      return { kind, detail, retryable: true, message: `Permission denied on the Docker socket${at}${reason ? ` (${reason})` : ''}. Add your user to the "docker" group (then log in again) or ${words.otherEndpoint} to name a socket you may use.` };
    case 'api-too-old':
      return { kind, detail, retryable: false, message: `The Docker daemon${at} is too old: Dockscope needs Engine API ${MIN_API_VERSION} (Docker 20.10) or newer. ${detail}` };
    case 'image-not-found':
      return { kind, detail, retryable: true, message: `${image} is not on the daemon${at} (never pulled or built there, or removed or retagged since). ${words.imageGone}` };
    case 'stream-interrupted':
      return { kind, detail, retryable: true, message: `The Docker daemon${at} closed the connection in the middle of${request || ' the transfer'} (restarted or stopped?): ${detail.replace(/\.$/, '')}. Try again once it is back.` };
    case 'timeout':
      return { kind, detail, retryable: true, message: `The Docker daemon${at} did not answer${request} within ${waited} (hung, overloaded, or not a Docker daemon?). To wait longer, ${words.timeout}.` };
    case 'stalled':
      return { kind, detail, retryable: true, message: `The Docker daemon${at} sent nothing for ${waited} in the middle of${request || ' a transfer'}: the transfer stalled. Try again; to wait longer, ${words.timeout}.` };
    case 'bad-answer':
      return { kind, detail, retryable: false, message: `What listens${at} is not answering as a Docker daemon: ${detail} If Docker listens elsewhere, ${words.otherEndpoint}.` };
    case 'bad-archive':
      return { kind, detail, retryable: false, message: `${image}'s export is not a readable image archive: ${detail}` };
    case 'cancelled':
      return { kind, detail, retryable: true, message: 'Cancelled.' };
    case 'config':
      return { kind, detail, retryable: false, message: detail };
    case 'tls':
      return { kind, detail, retryable: false, message: explainTlsError(error, detail, words, at) };
    case 'ssh':
      return { kind, detail, retryable: true, message: detail };
    default:
      return { kind, detail, retryable: true, message: `Docker request failed${at}: ${detail}` };
  }
}

/**
 * A failed build's error with what to do about the two failures a daemon without the default
 * network or without registry access gives, or the error alone.
 */
export function explainBuildError(error: string, words: InterfaceWords): string {
  if (/network bridge not found|network .* not found|failed to (set up|create) (container )?network/i.test(error)) {
    return `${error}. The daemon has no default bridge network for RUN steps: ${words.buildNetwork}.`;
  }
  const image = /(?:failed to resolve source metadata for|pull access denied for|manifest for) ([^\s:,]+(?::[^\s,:]+)?)/i.exec(error)
    ?? /failed to do request: .* (?:https?:\/\/)?\S*\/v2\/(\S+?)\/manifests\//i.exec(error);
  if (image || /dial tcp: lookup .*registry|no such host|i\/o timeout|connection refused.*\/v2\//i.test(error)) {
    const name = image ? `"${image[1]}"` : 'a base image';
    return `${error}. ${name[0].toUpperCase()}${name.slice(1)} is not on the daemon and could not be pulled (no registry access, or no such image): pull or build it there first.`;
  }
  return error;
}

/** What a socket error code means, in a few words, with the code people search for. */
const SOCKET_REASONS: Record<string, string> = {
  ENOENT: 'no socket at that path (ENOENT)',
  ECONNREFUSED: 'nothing accepts connections there (ECONNREFUSED)',
  EACCES: 'this user may not open the socket (EACCES)',
  EPERM: 'this user may not open the socket (EPERM)',
  ENOTFOUND: 'the host name does not resolve (ENOTFOUND)',
  EAI_AGAIN: 'the host name does not resolve now (EAI_AGAIN)',
  ETIMEDOUT: 'the connection timed out (ETIMEDOUT)',
  EHOSTUNREACH: 'the host is unreachable (EHOSTUNREACH)',
  ENETUNREACH: 'the network is unreachable (ENETUNREACH)',
  ENOTSOCK: 'the path is not a socket (ENOTSOCK)',
};

function socketReason(error: unknown): string | undefined {
  for (let current = error, depth = 0; typeof current === 'object' && current !== null && depth < 5; depth++) {
    const code = (current as ErrorLike).code;
    if (typeof code === 'string' && SOCKET_REASONS[code]) return SOCKET_REASONS[code];
    current = (current as ErrorLike).cause;
  }
  return undefined;
}

function kindOf(error: unknown): DockerErrorKind {
  if (error instanceof DockerError) return error.kind;
  if (typeof error !== 'object' || error === null) return 'unknown';
  const e = error as ErrorLike;
  const code = typeof e.code === 'string' ? e.code : '';
  const message = typeof e.message === 'string' ? e.message : '';
  const daemonText = `${message} ${jsonMessage(e.json)}`;
  // An abort carries its reason as the cause: ours (a timeout) or the person's (cancelled).
  if (e.name === 'AbortError' || code === 'ABORT_ERR') return e.cause instanceof DockerError ? e.cause.kind : 'cancelled';
  if (code === 'EACCES' || code === 'EPERM') return 'permission-denied';
  if (TLS_CODES.has(code) || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || /HTTP request to an HTTPS server/i.test(daemonText)) return 'tls';
  if (['ECONNREFUSED', 'ENOENT', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTSOCK'].includes(code)) return 'unreachable';
  if (e.statusCode === 404 || /no such image|reference does not exist|not found: manifest unknown/i.test(daemonText)) return 'image-not-found';
  if (/client version .* is too new|minimum supported API version|is too old/i.test(daemonText)) return 'api-too-old';
  if (['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE'].includes(code) || /socket hang up|aborted|premature close/i.test(message)) return 'stream-interrupted';
  if (/unexpected end of data|invalid tar header|incorrect header check|invalid (block type|distance|stored block)|unexpected end of file|invalid zstd/i.test(message)) return 'bad-archive';
  // Wrapped errors (Error.cause) carry the real reason.
  if (e.cause !== undefined && e.cause !== error) return kindOf(e.cause);
  return 'unknown';
}

/** Plain HTTP to a TLS port: Go's TLS server answers with a 400 and this sentence, then hangs up. */
export function speaksTls(error: unknown): boolean {
  return /client sent an http request to an https server/i.test(detailChain(error));
}

/** Our own DockerError, also when wrapped as the cause of another error. */
function findDockerError(error: unknown): DockerError | undefined {
  for (let current = error, depth = 0; current && depth < 5; current = (current as ErrorLike).cause, depth++) {
    if (current instanceof DockerError) return current;
  }
  return undefined;
}

/** Every message along the cause chain, for recognising a cause that may be wrapped. */
function detailChain(error: unknown): string {
  const parts: string[] = [];
  for (let current = error, depth = 0; current && depth < 5; current = (current as ErrorLike).cause, depth++) {
    parts.push(detailOf(current));
  }
  return parts.join(' ');
}

/** Node's codes for certificates it could not verify (OpenSSL's X509_V_ERR names). */
const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_SIGNATURE_FAILURE', 'CERT_REJECTED',
]);

/** A failed TLS handshake in the Docker CLI's terms (what is wrong, which certificate to check), not OpenSSL's. */
function explainTlsError(error: unknown, detail: string, words: InterfaceWords, at: string): string {
  const code = typeof (error as ErrorLike | null)?.code === 'string' ? (error as ErrorLike).code as string : '';
  const text = `${code} ${detail}`;
  if (/HTTP request to an HTTPS server/i.test(text)) {
    return `The Docker daemon${at} speaks TLS ("Client sent an HTTP request to an HTTPS server"): ${words.tls.on}.`;
  }
  if (/wrong version number|packet length too long|unknown protocol|http request/i.test(text)) {
    return `The Docker daemon${at} does not speak TLS (its answer is not a TLS handshake): ${words.tls.off}.`;
  }
  if (/certificate required/i.test(text)) {
    return `The Docker daemon${at} requires a client certificate and none was sent: ${words.tls.clientCert}.`;
  }
  const alert = /alert (bad certificate|unknown ca|certificate unknown|decrypt error|handshake failure)/i.exec(text);
  if (alert) {
    return `The Docker daemon${at} refused the TLS client certificate (it requires one signed by the CA it trusts; remote error: tls: ${alert[1].toLowerCase()}): ${words.tls.clientCert}.`;
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return `The Docker daemon's certificate${at} is not valid for this host name (${detail}): connect with a name or address the certificate lists, or ${words.otherEndpoint}.`;
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return `The Docker daemon's certificate${at} ${code === 'CERT_HAS_EXPIRED' ? 'has expired' : 'is not valid yet'} (check the clocks, or renew the certificate).`;
  }
  if (TLS_CODES.has(code)) {
    return `The Docker daemon's certificate${at} is signed by an authority Dockscope does not trust (${detail}): ${words.tls.caCert}.`;
  }
  return `The TLS handshake with the Docker daemon${at} failed (${detail}): ${words.tls.clientCert}, and ${words.tls.caCert}.`;
}

function jsonMessage(json: unknown): string {
  if (typeof json === 'object' && json !== null && typeof (json as { message?: unknown }).message === 'string') {
    return (json as { message: string }).message;
  }
  return typeof json === 'string' ? json : '';
}

function detailOf(error: unknown): string {
  if (error instanceof Error) {
    const daemon = jsonMessage((error as ErrorLike).json).trim();
    return daemon && !error.message.includes(daemon) ? `${error.message}: ${daemon}` : error.message;
  }
  return String(error);
}

/** Compares dotted API versions ("1.41" < "1.43"). */
export function compareApiVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const diff = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/** Throws DockerError('api-too-old') when the daemon's ApiVersion is below MIN_API_VERSION. */
export function assertApiVersion(apiVersion: string | undefined): void {
  if (!apiVersion) return; // very old daemons omit it, but they fail the next request clearly
  if (compareApiVersions(apiVersion, MIN_API_VERSION) < 0) {
    throw new DockerError('api-too-old', `The daemon speaks API ${apiVersion}.`);
  }
}

// One ssh connection per Docker client, shared by every request (the Docker CLI's ssh helper runs
// `ssh … docker system dial-stdio`; docker-modem logged in anew for each request, ~1.3 s each).
// Each HTTP connection is one exec channel running `docker system dial-stdio` on the remote host,
// handed to Node's HTTP client through an http.Agent. The host key is checked against
// known_hosts before anything is sent; authentication offers the agent's keys, then key files.
import * as http from 'node:http';
import { readFileSync } from 'node:fs';
import { Duplex } from 'node:stream';
import { Client, utils, type AuthenticationType, type ClientChannel, type ConnectConfig } from 'ssh2';
import { DockerError } from '../errors';
import { addKnownHost, checkHostKey, fingerprint, keyType, knownKeyTypes } from './knownHosts';
import { sshCommandFor, type SshTarget } from './target';

/** What the editor asks the person on first contact with a host; the CLI has no one to ask. */
export interface HostKeyQuestion {
  /** "ssh://user@host:port" as the person named it. */
  endpoint: string;
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
  /** Key types known for the host already (a new key type, not a changed key). */
  otherTypes: string[];
  /** Where the accepted key is recorded. */
  knownHostsFile: string;
}

export type ConfirmHostKey = (question: HostKeyQuestion) => Promise<boolean>;

const DIAL_COMMAND = 'docker system dial-stdio';
/** The ssh handshake and login, not counting the time the person takes to answer about a host key. */
const LOGIN_TIMEOUT_MS = 20_000;
/** An unused connection is closed after this long (the editor keeps its client between views). */
const IDLE_CLOSE_MS = 30_000;
const HOST_KEY_ALGORITHMS = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'];

function tilde(path: string, home: string): string {
  return path.startsWith(`${home}/`) ? `~${path.slice(home.length)}` : path;
}

/** An http.Agent whose connections are dial-stdio channels on one shared ssh connection. */
export class SshTunnel extends http.Agent {
  private client: Promise<Client> | undefined;
  private channels = 0;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly target: SshTarget, private readonly endpoint: string, private readonly confirmHostKey?: ConfirmHostKey) {
    // Each channel is a remote `docker` process: reuse them (keep-alive) and bound them (the base
    // image search inspects images in parallel); long streams (events, a build) take one each.
    super({ keepAlive: true, maxSockets: 6, maxFreeSockets: 4 });
  }

  override createConnection(_options: unknown, callback?: (error: Error | null, socket: Duplex) => void): undefined {
    const fail = (error: Error) => callback?.(error, undefined as never);
    this.connect().then((client) => {
      client.exec(DIAL_COMMAND, (error, channel) => {
        if (error) return fail(new DockerError('ssh', `The ssh host of ${this.endpoint} refused to run \`${DIAL_COMMAND}\`: ${error.message}`, { cause: error }));
        this.opened();
        const socket = new DialStdioSocket(channel, this.endpoint);
        socket.once('close', () => this.closed());
        callback?.(null, socket);
      });
    }, fail);
    return undefined;
  }

  /** Ends the ssh connection (the CLI calls it when a command is done, the editor on reconnect). */
  close(): void {
    clearTimeout(this.idleTimer);
    this.destroy();
    const client = this.client;
    this.client = undefined;
    client?.then((c) => c.end(), () => undefined);
  }

  private opened(): void {
    this.channels++;
    clearTimeout(this.idleTimer);
  }

  private closed(): void {
    if (--this.channels > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.close(), IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  private connect(): Promise<Client> {
    this.client ??= this.login().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client;
  }

  private login(): Promise<Client> {
    const { target } = this;
    const client = new Client();
    let refusal: Error | undefined;
    const tried: string[] = [];
    const skipped: string[] = [];
    const attempts = this.authAttempts(skipped);
    const known = knownKeyTypes(target.knownHostsFiles, target.host, target.port);
    const preferred = HOST_KEY_ALGORITHMS.filter((algorithm) => known.includes(algorithm === 'rsa-sha2-512' || algorithm === 'rsa-sha2-256' ? 'ssh-rsa' : algorithm));
    // ssh2's readyTimeout would run on while the editor's host key question waits for an answer.
    let timer: NodeJS.Timeout | undefined;
    let timedOut: Error | undefined;
    const startTimer = () => {
      timer = setTimeout(() => {
        timedOut = new DockerError('unreachable', `${this.endpoint}: the ssh server did not complete the login within ${LOGIN_TIMEOUT_MS / 1000} s.`);
        client.destroy();
        client.emit('error', timedOut);
      }, LOGIN_TIMEOUT_MS);
    };
    const config: ConnectConfig = {
      host: target.host,
      port: target.port,
      username: target.user,
      readyTimeout: 0,
      algorithms: { serverHostKey: [...preferred, ...HOST_KEY_ALGORITHMS.filter((a) => !preferred.includes(a))] as never },
      hostVerifier: ((key: Buffer, verify: (valid: boolean) => void) => {
        clearTimeout(timer);
        this.verifyHostKey(key).then(() => { startTimer(); verify(true); }, (error: Error) => { refusal = error; verify(false); });
      }) as never,
      authHandler: ((_methodsLeft: unknown, _partial: unknown, next: (auth: unknown) => void) => {
        const attempt = attempts.shift();
        if (attempt) tried.push(attempt.label);
        next(attempt ? attempt.auth : false);
      }) as never,
    };
    return new Promise((resolve, reject) => {
      client.once('ready', () => {
        clearTimeout(timer);
        client.removeAllListeners('error');
        client.on('error', () => undefined); // later failures surface on the channels
        client.once('close', () => { if (this.client) this.client = undefined; });
        resolve(client);
      });
      client.once('error', (error: Error & { level?: string }) => {
        clearTimeout(timer);
        client.on('error', () => undefined); // a second report of the same failure must not throw
        if (refusal) return reject(refusal);
        if (timedOut) return reject(timedOut);
        if (error.level === 'client-authentication') return reject(this.authFailure(tried, skipped, error));
        reject(error);
      });
      startTimer();
      client.connect(config);
    });
  }

  /** The agent first (as OpenSSH does), then each key file that exists and needs no passphrase. */
  private authAttempts(skipped: string[]): Array<{ label: string; auth: unknown }> {
    const { target } = this;
    const attempts: Array<{ label: string; auth: unknown }> = [];
    if (target.agentSocket) attempts.push({ label: 'the ssh agent', auth: { type: 'agent' as AuthenticationType, username: target.user, agent: target.agentSocket } });
    for (const file of target.identityFiles) {
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch {
        continue;
      }
      const parsed = utils.parseKey(data);
      const shown = tilde(file, target.home);
      if (parsed instanceof Error) {
        skipped.push(/passphrase|encrypted/i.test(parsed.message) ? `${shown} (passphrase-protected: add it to the agent with \`ssh-add ${shown}\`)` : `${shown} (${parsed.message})`);
        continue;
      }
      attempts.push({ label: shown, auth: { type: 'publickey', username: target.user, key: data } });
    }
    return attempts;
  }

  private authFailure(tried: string[], skipped: string[], cause: Error): DockerError {
    const { target } = this;
    const offered = tried.length ? `offered ${tried.join(', ')}` : 'had no key to offer (no ssh agent at SSH_AUTH_SOCK and no key file)';
    const skippedText = skipped.length ? `; skipped ${skipped.join(', ')}` : '';
    return new DockerError('ssh', `ssh login as ${target.user}@${target.host}:${target.port} (${this.endpoint}) was refused: Dockscope ${offered}${skippedText}. Check that \`${sshCommandFor(target)} docker version\` works, add the public key to ~${target.user === 'root' ? 'root' : target.user}/.ssh/authorized_keys there, or name the key with IdentityFile in ~/.ssh/config.`, { cause });
  }

  private async verifyHostKey(blob: Buffer): Promise<void> {
    const { target } = this;
    const type = keyType(blob);
    const print = fingerprint(blob);
    const verdict = checkHostKey(target.knownHostsFiles, target.host, target.port, blob);
    const where = (file: string, line: number) => `${tilde(file, target.home)}:${line}`;
    const name = target.port === 22 ? target.host : `[${target.host}]:${target.port}`;
    if (verdict.status === 'known') return;
    if (verdict.status === 'revoked') {
      throw new DockerError('ssh', `The ${type} host key of ${name} (${print}) is marked @revoked in ${where(verdict.file, verdict.line)}: Dockscope refused to connect to ${this.endpoint}.`);
    }
    if (verdict.status === 'changed') {
      throw new DockerError('ssh', `The host key of ${name} has changed (someone could be intercepting the connection, or the host was reinstalled): it now presents ${type} ${print}, and ${where(verdict.file, verdict.line)} says ${verdict.knownFingerprint}. Dockscope refused to connect to ${this.endpoint}, as ssh does. If the change is expected, remove the old key with \`ssh-keygen -R "${name}"\`, then check and accept the new one with \`${sshCommandFor(target)} true\`.`);
    }
    const knownHostsFile = target.knownHostsFiles[0];
    const question: HostKeyQuestion = { endpoint: this.endpoint, host: target.host, port: target.port, keyType: type, fingerprint: print, otherTypes: verdict.otherTypes, knownHostsFile };
    if (this.confirmHostKey) {
      if (!(await this.confirmHostKey(question))) {
        throw new DockerError('ssh', `The ${type} host key of ${name} (${print}) was not trusted: Dockscope did not connect to ${this.endpoint}.`);
      }
      addKnownHost(knownHostsFile, target.host, target.port, blob);
      return;
    }
    const keyscanType = type.replace(/^ssh-/, '').replace(/^ecdsa-sha2-nistp\d+$/, 'ecdsa').replace(/^rsa-sha2-\d+$/, 'rsa');
    throw new DockerError('ssh', `The ssh host ${name} is not in ${tilde(knownHostsFile, target.home)} (it presents ${type} ${print}); Dockscope does not connect to unknown hosts. Check that fingerprint with the host's owner, then trust it with \`${sshCommandFor(target)} true\` (ssh asks once), or add it with \`ssh-keyscan${target.port === 22 ? '' : ` -p ${target.port}`} -t ${keyscanType} ${target.host} >> ${tilde(knownHostsFile, target.home)}\`.`);
  }
}

/**
 * A dial-stdio channel as a socket for Node's HTTP client. The end of its output is held until
 * the channel closes, so a remote failure (no `docker` there, its daemon down) is reported from
 * the remote stderr and exit status rather than as a connection that stopped answering.
 */
class DialStdioSocket extends Duplex {
  private stderr = '';
  private exit: { code?: number | null; signal?: string } | undefined;
  private received = false;

  constructor(private readonly channel: ClientChannel, private readonly endpoint: string) {
    super();
    channel.on('data', (chunk: Buffer) => {
      this.received = true;
      if (!this.push(chunk)) channel.pause();
    });
    channel.stderr.on('data', (chunk: Buffer) => { if (this.stderr.length < 4096) this.stderr += chunk.toString('utf8'); });
    channel.on('exit', (code: number | null, signal?: string) => { this.exit = { code, signal }; });
    channel.on('error', (error: Error) => this.destroy(error));
    channel.on('close', () => {
      const failure = this.failure();
      if (failure) this.destroy(failure);
      else this.push(null);
    });
  }

  private failure(): DockerError | undefined {
    const code = this.exit?.code;
    if (!this.exit || (code === 0 && !this.exit.signal)) return undefined;
    const said = this.stderr.trim().replace(/\s+/g, ' ');
    // The daemon first: "dial unix …: no such file or directory" is about its socket, not the command.
    if (/Cannot connect to the Docker daemon|Is the docker daemon running|raw stream connection|dial (unix|tcp)|permission denied while trying to connect/i.test(said)) {
      return new DockerError('ssh', `The docker command on the ssh host of ${this.endpoint} cannot reach its daemon: ${said}`);
    }
    if (code === 127 || /command not found|docker: not found|docker: No such file/i.test(said)) {
      return new DockerError('ssh', `The ssh host of ${this.endpoint} has no \`docker\` command on the PATH of non-interactive ssh sessions (the remote shell said: ${said || `exit ${code}`}). Install the Docker CLI there, or put it on that PATH.`);
    }
    const how = this.exit.signal ? `was stopped by ${this.exit.signal}` : `exited with status ${code}`;
    return new DockerError(this.received ? 'stream-interrupted' : 'ssh', `\`${DIAL_COMMAND}\` on the ssh host of ${this.endpoint} ${how}${said ? `: ${said}` : ''}.`);
  }

  override _read(): void {
    this.channel.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.channel.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.channel.end();
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.channel.close();
    callback(error);
  }

  // What Node's HTTP client and keep-alive agent call on a socket; the channel has no such knobs.
  setTimeout(): this { return this; }
  setNoDelay(): this { return this; }
  setKeepAlive(): this { return this; }
  ref(): this { return this; }
  unref(): this { return this; }
}

// Host key checking against known_hosts files, as OpenSSH does it (sshd(8) "SSH_KNOWN_HOSTS FILE
// FORMAT"): plain and hashed (`|1|salt|hmac-sha1`) host names, `[host]:port` for other ports than
// 22, patterns and negations, `@revoked` keys. A host whose known key of the same type differs is
// refused with both fingerprints; a host with no key yet is "unknown", for the caller to decide.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { matchesPatternList } from './config';

export type HostKeyVerdict =
  | { status: 'known'; file: string; line: number }
  | { status: 'changed'; file: string; line: number; knownFingerprint: string }
  | { status: 'revoked'; file: string; line: number }
  | { status: 'unknown'; otherTypes: string[] };

interface Entry { file: string; line: number; marker?: string; hosts: string; type: string; key: Buffer }

/** The name known_hosts stores a host under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** The key's algorithm name, the first string of its wire-format blob ("ssh-ed25519"). */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

/** OpenSSH's fingerprint: SHA256 of the blob, base64 without padding ("SHA256:…"). */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

function readEntries(files: string[]): Entry[] {
  const entries: Entry[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    text.split(/\r?\n/).forEach((raw, index) => {
      const fields = raw.trim().split(/\s+/);
      if (!fields[0] || fields[0].startsWith('#')) return;
      const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
      if (fields.length < 3) return;
      entries.push({ file, line: index + 1, marker, hosts: fields[0], type: fields[1], key: Buffer.from(fields[2], 'base64') });
    });
  }
  return entries;
}

function hostMatches(hosts: string, name: string): boolean {
  if (hosts.startsWith('|1|')) {
    const [, , salt, hash] = hosts.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return matchesPatternList(name, hosts.split(','));
}

/** Checks the key the server presented for host:port against the files (first file first). */
export function checkHostKey(files: string[], host: string, port: number, blob: Buffer): HostKeyVerdict {
  const name = knownHostName(host, port);
  const type = keyType(blob);
  const entries = readEntries(files).filter((entry) => hostMatches(entry.hosts, name));
  const revoked = entries.find((entry) => entry.marker === '@revoked' && entry.key.equals(blob));
  if (revoked) return { status: 'revoked', file: revoked.file, line: revoked.line };
  const plain = entries.filter((entry) => entry.marker === undefined);
  const known = plain.find((entry) => entry.key.equals(blob));
  if (known) return { status: 'known', file: known.file, line: known.line };
  const changed = plain.find((entry) => entry.type === type);
  if (changed) return { status: 'changed', file: changed.file, line: changed.line, knownFingerprint: fingerprint(changed.key) };
  return { status: 'unknown', otherTypes: [...new Set(plain.map((entry) => entry.type))] };
}

/** The key types already known for host:port, so the handshake can ask for one of them first (as OpenSSH does). */
export function knownKeyTypes(files: string[], host: string, port: number): string[] {
  const name = knownHostName(host, port);
  return [...new Set(readEntries(files).filter((entry) => entry.marker === undefined && hostMatches(entry.hosts, name)).map((entry) => entry.type))];
}

/** Records a key the person accepted, hashed as Debian's OpenSSH does (HashKnownHosts yes). */
export function addKnownHost(file: string, host: string, port: number, blob: Buffer): void {
  const salt = randomBytes(20);
  const hash = createHmac('sha1', salt).update(knownHostName(host, port)).digest('base64');
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  // A file whose last line lacks its newline would otherwise glue the two entries together.
  let last = '';
  try { last = readFileSync(file, 'utf8').slice(-1); } catch { /* a new file */ }
  appendFileSync(file, `${last && last !== '\n' ? '\n' : ''}|1|${salt.toString('base64')}|${hash} ${keyType(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}

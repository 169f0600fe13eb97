import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { addKnownHost, checkHostKey, fingerprint, keyType, knownHostName, knownKeyTypes } from '../../../../../engine/docker/ssh/knownHosts';

/** A wire-format public key blob: string type, then opaque bytes. */
function blob(type: string, body: string): Buffer {
  const name = Buffer.from(type);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  return Buffer.concat([length, name, Buffer.from(body)]);
}

const ED = blob('ssh-ed25519', 'server-key-1');
const ED_OTHER = blob('ssh-ed25519', 'server-key-2');
const RSA = blob('ssh-rsa', 'rsa-key');

function file(lines: string[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dockscope-kh-')), 'known_hosts');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function hashed(name: string, salt: Buffer): string {
  return `|1|${salt.toString('base64')}|${createHmac('sha1', salt).update(name).digest('base64')}`;
}

test('names, types and fingerprints as OpenSSH prints them', () => {
  assert.equal(knownHostName('box', 22), 'box');
  assert.equal(knownHostName('10.0.0.1', 2222), '[10.0.0.1]:2222');
  assert.equal(keyType(ED), 'ssh-ed25519');
  assert.equal(keyType(Buffer.alloc(2)), 'unknown');
  assert.equal(fingerprint(ED), `SHA256:${createHash('sha256').update(ED).digest('base64').replace(/=+$/, '')}`);
  assert.doesNotMatch(fingerprint(ED), /=$/);
});

test('plain, patterned and hashed entries; [host]:port for other ports', () => {
  const path = file([
    '# comment',
    `other.example ssh-ed25519 ${ED_OTHER.toString('base64')}`,
    `*.lab,!evil.lab ssh-ed25519 ${ED.toString('base64')}`,
    `${hashed('[10.0.0.9]:2222', Buffer.from('salt-salt-salt-salt!'))} ssh-ed25519 ${ED.toString('base64')}`,
  ]);
  assert.deepEqual(checkHostKey([path], 'build.lab', 22, ED), { status: 'known', file: path, line: 3 });
  assert.equal(checkHostKey([path], 'evil.lab', 22, ED).status, 'unknown');
  assert.deepEqual(checkHostKey([path], '10.0.0.9', 2222, ED), { status: 'known', file: path, line: 4 });
  assert.equal(checkHostKey([path], '10.0.0.9', 22, ED).status, 'unknown', 'port 22 is another name than [host]:2222');
});

test('a different key of the same type is a changed key; another type is a new one', () => {
  const path = file([`box ssh-ed25519 ${ED_OTHER.toString('base64')}`]);
  assert.deepEqual(checkHostKey([path], 'box', 22, ED), { status: 'changed', file: path, line: 1, knownFingerprint: fingerprint(ED_OTHER) });
  assert.deepEqual(checkHostKey([path], 'box', 22, RSA), { status: 'unknown', otherTypes: ['ssh-ed25519'] });
  assert.deepEqual(knownKeyTypes([path], 'box', 22), ['ssh-ed25519']);
});

test('@revoked refuses the key; @cert-authority lines are not host keys', () => {
  const path = file([`@revoked * ssh-ed25519 ${ED.toString('base64')}`, `@cert-authority box ssh-rsa ${RSA.toString('base64')}`, `box ssh-ed25519 ${ED.toString('base64')}`]);
  assert.equal(checkHostKey([path], 'box', 22, ED).status, 'revoked');
  assert.equal(checkHostKey([path], 'box', 22, RSA).status, 'unknown');
});

test('missing files are empty; an accepted key is appended hashed and found again', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'dockscope-kh-')), 'sub', 'known_hosts');
  assert.equal(checkHostKey([path], 'box', 2200, ED).status, 'unknown');
  addKnownHost(path, 'box', 2200, ED);
  assert.match(readFileSync(path, 'utf8'), /^\|1\|[^|]+\|\S+ ssh-ed25519 \S+\n$/);
  assert.equal(checkHostKey([path], 'box', 2200, ED).status, 'known');
  assert.equal(checkHostKey([path], 'box', 22, ED).status, 'unknown');
});

test('appending after a last line without its newline keeps both entries', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'dockscope-kh-')), 'known_hosts');
  writeFileSync(path, `box ssh-rsa ${RSA.toString('base64')}`);
  addKnownHost(path, 'other', 22, ED);
  assert.equal(checkHostKey([path], 'box', 22, RSA).status, 'known');
  assert.equal(checkHostKey([path], 'other', 22, ED).status, 'known');
});

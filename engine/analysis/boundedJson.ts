// The JSON documents of an image archive (manifest.json, index.json, OCI manifests, image
// configs) are small: a config with a thousand history entries is a few hundred kB. An archive
// comes from a daemon that may serve anything, so each document is bounded before it is parsed:
// its size, its nesting and its number of objects and arrays (what makes a parsed document
// many times bigger than its text), and all of them together.
import { DockerError } from '../docker/errors';

export const JSON_LIMITS = {
  /** Bytes of one document. */
  documentBytes: 4 << 20,
  /** Bytes of every document held from one archive. */
  totalBytes: 16 << 20,
  /** Nesting depth of one document (real ones nest 5 deep). */
  depth: 64,
  /** Objects and arrays in one document. */
  containers: 100_000,
} as const;

const mib = (bytes: number) => `${(bytes / (1 << 20)).toFixed(bytes % (1 << 20) ? 1 : 0)} MiB`;

/** Why a document of `size` bytes named `member` is refused, or undefined. */
export function oversizedDocument(member: string, size: number): string | undefined {
  return size > JSON_LIMITS.documentBytes
    ? `${member} is ${mib(size)}, over the ${mib(JSON_LIMITS.documentBytes)} Dockscope reads of one JSON document of an image archive.`
    : undefined;
}

/**
 * Parses `bytes` as JSON after checking its shape in one pass over the bytes; throws
 * DockerError('bad-archive') naming the member and the limit it exceeds.
 */
export function parseBoundedJson(bytes: Buffer, member: string): unknown {
  const oversized = oversizedDocument(member, bytes.length);
  if (oversized) throw new DockerError('bad-archive', oversized);
  let depth = 0;
  let containers = 0;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === 0x22) {
      // A string: jump to its closing quote (one not escaped by an odd run of backslashes).
      let end = i;
      do {
        end = bytes.indexOf(0x22, end + 1);
        if (end < 0) return parseJson(bytes); // unterminated: JSON.parse says so
      } while (escaped(bytes, end));
      i = end;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > JSON_LIMITS.depth) throw new DockerError('bad-archive', `${member} nests deeper than ${JSON_LIMITS.depth} levels, more than any image archive's JSON document.`);
      if (++containers > JSON_LIMITS.containers) throw new DockerError('bad-archive', `${member} holds more than ${JSON_LIMITS.containers.toLocaleString('en-US')} objects and arrays, more than any image archive's JSON document.`);
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
  return parseJson(bytes);
}

function parseJson(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8'));
}

/** Whether the quote at `at` is escaped: preceded by an odd number of backslashes. */
function escaped(bytes: Buffer, at: number): boolean {
  let slashes = 0;
  for (let k = at - 1; k >= 0 && bytes[k] === 0x5c; k--) slashes++;
  return slashes % 2 === 1;
}

// A tiny in-process OCI distribution registry on 127.0.0.1, for tests that need images with
// real RepoDigests (only pushed or pulled images have them, and the test machine has no
// registry). It implements what `docker push` and BuildKit's image resolution use: the /v2/ ping,
// blob uploads (chunked PATCH + PUT, monolithic POST or PUT, cross-repository mount), blob and
// manifest HEAD/GET, manifest PUT by tag or digest, and the tag list. Everything is kept in
// memory; every digest is verified (sha256) on upload, and a manifest whose blobs are missing is
// refused, as the reference registry does. The daemon treats 127.0.0.0/8 as an insecure
// registry by default, so plain HTTP works without --insecure-registry.
import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const MANIFEST_TYPES = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
] as const;

export interface TestRegistry {
  /** `127.0.0.1:<port>`, the registry part of image references. */
  host: string;
  /** The digest a tag (or digest) of a repository resolves to, as stored. */
  manifestDigest(repository: string, reference: string): string | undefined;
  /** `METHOD path` of every request, in order (to see what the daemon asked for). */
  requests: string[];
  close(): Promise<void>;
}

interface Manifest { body: Buffer; contentType: string }
interface Upload { repository: string; chunks: Buffer[]; size: number }

/** Path components of a repository name, as the distribution spec defines them. */
const REPOSITORY = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*';
const DIGEST = /^sha256:[0-9a-f]{64}$/;
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const ROUTES: Array<[RegExp, string]> = [
  [new RegExp(`^/v2/(${REPOSITORY})/blobs/uploads/?$`), 'uploads'],
  [new RegExp(`^/v2/(${REPOSITORY})/blobs/uploads/([0-9a-f-]+)$`), 'upload'],
  [new RegExp(`^/v2/(${REPOSITORY})/blobs/([^/]+)$`), 'blob'],
  [new RegExp(`^/v2/(${REPOSITORY})/manifests/([^/]+)$`), 'manifest'],
  [new RegExp(`^/v2/(${REPOSITORY})/tags/list$`), 'tags'],
];

class RegistryError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

const sha256 = (data: Buffer): string => `sha256:${createHash('sha256').update(data).digest('hex')}`;

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

export async function startRegistry(): Promise<TestRegistry> {
  const blobs = new Map<string, Buffer>();
  /** Which blobs each repository holds (uploaded or mounted there). */
  const repositoryBlobs = new Map<string, Set<string>>();
  const manifests = new Map<string, Manifest>();
  /** repository → tag or digest → manifest digest. */
  const references = new Map<string, Map<string, string>>();
  const uploads = new Map<string, Upload>();
  const requests: string[] = [];

  const linkBlob = (repository: string, digest: string) => {
    if (!repositoryBlobs.has(repository)) repositoryBlobs.set(repository, new Set());
    repositoryBlobs.get(repository)!.add(digest);
  };
  const hasBlob = (repository: string, digest: string) => repositoryBlobs.get(repository)?.has(digest) === true;

  /** Verifies `content` against the digest the client claims and stores it in the repository. */
  const commitBlob = (repository: string, claimed: string | null, content: Buffer): string => {
    if (!claimed || !DIGEST.test(claimed)) throw new RegistryError(400, 'DIGEST_INVALID', `unsupported or missing digest ${claimed ?? ''}`);
    const actual = sha256(content);
    if (actual !== claimed) throw new RegistryError(400, 'DIGEST_INVALID', `content is ${actual}, not ${claimed}`);
    blobs.set(actual, content);
    linkBlob(repository, actual);
    return actual;
  };

  const blobCreated = (response: ServerResponse, repository: string, digest: string) => {
    response.writeHead(201, { Location: `/v2/${repository}/blobs/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' }).end();
  };

  const uploadAccepted = (response: ServerResponse, id: string, upload: Upload, status = 202) => {
    response.writeHead(status, {
      Location: `/v2/${upload.repository}/blobs/uploads/${id}`,
      'Docker-Upload-UUID': id,
      // The spec's inclusive range of bytes received so far; "0-0" for an empty upload.
      Range: `0-${Math.max(upload.size - 1, 0)}`,
      'Content-Length': '0',
    }).end();
  };

  /** Every blob (or, for an index, every manifest) a manifest refers to must be here already. */
  const checkReferences = (repository: string, manifest: { config?: { digest?: string }; layers?: Array<{ digest?: string }>; manifests?: Array<{ digest?: string }> }) => {
    const needed = [manifest.config?.digest, ...(manifest.layers ?? []).map((layer) => layer.digest)].filter((digest): digest is string => digest !== undefined);
    const missingBlob = needed.find((digest) => !hasBlob(repository, digest));
    if (missingBlob) throw new RegistryError(400, 'MANIFEST_BLOB_UNKNOWN', `blob ${missingBlob} is not in ${repository}`);
    const missingManifest = (manifest.manifests ?? []).find((entry) => !entry.digest || !references.get(repository)?.has(entry.digest));
    if (missingManifest) throw new RegistryError(400, 'MANIFEST_UNKNOWN', `manifest ${missingManifest.digest ?? '(no digest)'} is not in ${repository}`);
  };

  const putManifest = async (request: IncomingMessage, response: ServerResponse, repository: string, reference: string) => {
    const body = await readBody(request);
    let parsed: { mediaType?: string; schemaVersion?: number };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      throw new RegistryError(400, 'MANIFEST_INVALID', 'the manifest is not JSON');
    }
    const contentType = (request.headers['content-type'] ?? parsed.mediaType ?? '').split(';')[0].trim();
    if (!(MANIFEST_TYPES as readonly string[]).includes(contentType) || parsed.schemaVersion !== 2) {
      throw new RegistryError(400, 'MANIFEST_INVALID', `unsupported manifest type ${contentType || '(none)'}`);
    }
    if (parsed.mediaType && parsed.mediaType !== contentType) throw new RegistryError(400, 'MANIFEST_INVALID', `Content-Type ${contentType} but mediaType ${parsed.mediaType}`);
    checkReferences(repository, parsed as never);
    const digest = sha256(body);
    if (DIGEST.test(reference) ? reference !== digest : !TAG.test(reference)) throw new RegistryError(400, DIGEST.test(reference) ? 'DIGEST_INVALID' : 'TAG_INVALID', `bad reference ${reference} for ${digest}`);
    manifests.set(digest, { body, contentType });
    if (!references.has(repository)) references.set(repository, new Map());
    references.get(repository)!.set(reference, digest).set(digest, digest);
    response.writeHead(201, { Location: `/v2/${repository}/manifests/${digest}`, 'Docker-Content-Digest': digest, 'Content-Length': '0' }).end();
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://registry');
    const method = request.method ?? 'GET';
    requests.push(`${method} ${url.pathname}${url.search}`);
    response.setHeader('Docker-Distribution-API-Version', 'registry/2.0');
    if (url.pathname === '/v2/' || url.pathname === '/v2') {
      response.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '2' }).end('{}');
      return;
    }
    const route = ROUTES.map(([pattern, kind]) => ({ kind, match: pattern.exec(url.pathname) })).find((candidate) => candidate.match);
    if (!route?.match) throw new RegistryError(404, 'NAME_UNKNOWN', `no such route ${url.pathname}`);
    const [, repository, reference] = route.match;
    const key = `${method} ${route.kind}`;

    if (key === 'POST uploads') {
      const mount = url.searchParams.get('mount');
      const from = url.searchParams.get('from');
      if (mount && from && hasBlob(from, mount)) {
        linkBlob(repository, mount);
        return blobCreated(response, repository, mount);
      }
      const monolithic = url.searchParams.get('digest');
      if (monolithic) return blobCreated(response, repository, commitBlob(repository, monolithic, await readBody(request)));
      await readBody(request);
      const id = randomUUID();
      const upload: Upload = { repository, chunks: [], size: 0 };
      uploads.set(id, upload);
      return uploadAccepted(response, id, upload);
    }
    if (route.kind === 'upload') {
      const upload = uploads.get(reference);
      if (!upload || upload.repository !== repository) throw new RegistryError(404, 'BLOB_UPLOAD_UNKNOWN', `no upload ${reference}`);
      if (method === 'GET') return uploadAccepted(response, reference, upload, 204);
      if (method === 'DELETE') { uploads.delete(reference); response.writeHead(204).end(); return; }
      if (method !== 'PATCH' && method !== 'PUT') throw new RegistryError(405, 'UNSUPPORTED', `${method} on an upload`);
      const chunk = await readBody(request);
      const range = /^(\d+)-(\d+)$/.exec(String(request.headers['content-range'] ?? ''));
      if (range && Number(range[1]) !== upload.size) throw new RegistryError(416, 'BLOB_UPLOAD_INVALID', `chunk starts at ${range[1]}, upload has ${upload.size} bytes`);
      upload.chunks.push(chunk);
      upload.size += chunk.length;
      if (method === 'PATCH') return uploadAccepted(response, reference, upload);
      const digest = commitBlob(repository, url.searchParams.get('digest'), Buffer.concat(upload.chunks));
      uploads.delete(reference);
      return blobCreated(response, repository, digest);
    }
    if (key === 'GET blob' || key === 'HEAD blob') {
      const blob = hasBlob(repository, reference) ? blobs.get(reference) : undefined;
      if (!blob) throw new RegistryError(404, 'BLOB_UNKNOWN', `blob ${reference} is not in ${repository}`);
      response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(blob.length), 'Docker-Content-Digest': reference, ETag: `"${reference}"` });
      response.end(method === 'GET' ? blob : undefined);
      return;
    }
    if (key === 'PUT manifest') return putManifest(request, response, repository, reference);
    if (key === 'GET manifest' || key === 'HEAD manifest') {
      const digest = references.get(repository)?.get(reference);
      const manifest = digest ? manifests.get(digest) : undefined;
      if (!digest || !manifest) throw new RegistryError(404, 'MANIFEST_UNKNOWN', `manifest ${reference} is not in ${repository}`);
      response.writeHead(200, { 'Content-Type': manifest.contentType, 'Content-Length': String(manifest.body.length), 'Docker-Content-Digest': digest, ETag: `"${digest}"` });
      response.end(method === 'GET' ? manifest.body : undefined);
      return;
    }
    if (key === 'GET tags') {
      const known = references.get(repository);
      if (!known) throw new RegistryError(404, 'NAME_UNKNOWN', `no repository ${repository}`);
      const tags = [...known.keys()].filter((tag) => !DIGEST.test(tag)).sort();
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ name: repository, tags }));
      return;
    }
    throw new RegistryError(405, 'UNSUPPORTED', `${method} is not supported on ${url.pathname}`);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      const failure = error instanceof RegistryError ? error : new RegistryError(500, 'UNKNOWN', String(error));
      if (response.headersSent) { response.destroy(); return; }
      const body = JSON.stringify({ errors: [{ code: failure.code, message: failure.message }] });
      // A HEAD response has no body, but says why in the status alone.
      response.writeHead(failure.status, { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) });
      response.end(request.method === 'HEAD' ? undefined : body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host: `127.0.0.1:${port}`,
    manifestDigest: (repository, reference) => references.get(repository)?.get(reference),
    requests,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}

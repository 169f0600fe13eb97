// Fixes proven by building and running: naive Dockerfiles of the common shapes are linted, fixed
// the way a user would fix them (the fix-all, then each quick fix still offered, one at a time,
// then every offered fix in turn) and every version is built with BuildKit and run with
// `--network none`. A version passes when its container keeps running and its health check
// answers. A fix that turns a working image into one that does not build or start fails here, and
// so does a fix that adds an error finding. A version the linter still reports broken (an error
// the naive file had, e.g. cgo into scratch) is not built: the fixes of such errors are applied
// first, and each other fix is proven on top of them.
//
// Shapes (each a small project written for this test, an HTTP service with /healthz):
//   go-alpine      golang → alpine, `CGO_ENABLED=0 GOOS=linux go build`, WORKDIR /root/,
//                  COPY --from=builder /app/main ., CMD ["./main"] (the classic blog file)
//   go-scratch     golang → scratch, COPY . ., a plain `go build` (cgo on), absolute ENTRYPOINT
//   go-distroless  golang → gcr.io/distroless/static-debian12:nonroot, CGO_ENABLED=0
//   go-single      one golang stage (ENV CGO_ENABLED=0) that builds and runs, shell-form CMD
//   node-debian    a Node app on node:20-bookworm-slim: npm install, shell-form CMD npm start
// Nothing can be pulled, so every base is made on the daemon when absent:
//   golang:1.19-bookworm and the distroless stand-in by scripts/go-image.sh (Debian's Go 1.19);
//   alpine:3.19 from busybox-static FROM scratch, with alpine's /root (0700), /tmp and passwd;
//   node:20-bookworm-slim from the Node binary running this test, the glibc libraries it links
//   (this machine is Debian bookworm, like that image), npm from beside it and busybox for
//   /bin/sh. Node rather than Python: this machine's Python is a pyenv build spread over many
//   files, while Node is one binary plus npm, so its image can be made from local files alone.
// The golang stand-in has no C compiler, unlike the real golang:1.19-bookworm: Go 1.19 still turns
// cgo on by default and links net against libc with its precompiled standard library, but any
// build that recompiles runtime/cgo (-trimpath, -a) fails for want of gcc. So the shapes whose
// naive file builds with cgo on are only those where the linter reports that as an error.
// The Go program has a -healthcheck flag that asks the running server, so images without a shell
// or wget are checked with `docker exec`; a HEALTHCHECK in the image is run the same way. It
// speaks HTTP over package net: net/http would make every cold build compile far more of std.
// Time: a cold run compiles std for each distinct builder stage (about 20 minutes on 2 busy
// cores); a warm run, with BuildKit's cache, takes about 2 minutes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, copyFileSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { CodeActionKind, DiagnosticSeverity, type CodeAction, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { codeActions } from '../../lint/codeActions';
import { fixAll } from '../../lint/fixAll';
import type { LintResult } from '../../lint/service';
import { runBuild } from '../../engine/build/runner';
import { tempContext } from '../helpers/buildContext';
import { BUSYBOX_IMAGE, buildImage, dockerOrSkip, ensureBusyboxImage } from '../helpers/docker';
import { applyEdits, lintText } from '../helpers/lint';
import { REPO_ROOT } from '../helpers/paths';

const run = promisify(execFile);

const GO_IMAGE = 'golang:1.19-bookworm';
const DISTROLESS_IMAGE = 'gcr.io/distroless/static-debian12:nonroot';
const ALPINE_IMAGE = 'alpine:3.19';
const NODE_IMAGE = 'node:20-bookworm-slim';
const TAG_REPOSITORY = 'dockscope-test/fixes-run';
/** How long a container gets to start and answer its health check. */
const START_TIMEOUT_MS = 8000;

type Files = Record<string, string>;

// ---- the projects -------------------------------------------------------------------------

const GO_MAIN = `// A small HTTP service: GET /healthz answers "ok". With -healthcheck it asks a running instance
// instead and exits 0 when it answers, for images without a shell or wget. It speaks just enough
// HTTP/1.0 over package net: net/http would make every cold build compile far more of std.
package main

import (
	"net"
	"os"
	"strings"
	"time"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-healthcheck" {
		os.Exit(probe())
	}
	listener, err := net.Listen("tcp", ":8080")
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\\n")
		os.Exit(1)
	}
	os.Stdout.WriteString("listening on :8080\\n")
	for {
		conn, err := listener.Accept()
		if err == nil {
			go serve(conn)
		}
	}
}

func serve(conn net.Conn) {
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	request := make([]byte, 1024)
	n, _ := conn.Read(request)
	if strings.HasPrefix(string(request[:n]), "GET /healthz ") {
		conn.Write([]byte("HTTP/1.0 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok"))
		return
	}
	conn.Write([]byte("HTTP/1.0 404 Not Found\\r\\nContent-Length: 0\\r\\n\\r\\n"))
}

func probe() int {
	conn, err := net.DialTimeout("tcp", "127.0.0.1:8080", 2*time.Second)
	if err != nil {
		os.Stderr.WriteString(err.Error() + "\\n")
		return 1
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(2 * time.Second))
	conn.Write([]byte("GET /healthz HTTP/1.0\\r\\n\\r\\n"))
	response := make([]byte, 1024)
	n, _ := conn.Read(response)
	if !strings.HasPrefix(string(response[:n]), "HTTP/1.0 200 ") || !strings.HasSuffix(string(response[:n]), "ok") {
		os.Stderr.WriteString("unexpected answer: " + string(response[:n]) + "\\n")
		return 1
	}
	return 0
}
`;

const GO_FILES: Files = { 'go.mod': 'module example.com/hello\n\ngo 1.19\n', 'main.go': GO_MAIN };

const NODE_FILES: Files = {
  'package.json': `${JSON.stringify({ name: 'hello', version: '1.0.0', private: true, scripts: { start: 'node server.js' } }, null, 2)}\n`,
  'server.js': `const http = require('http');
http.createServer((request, response) => {
  if (request.url === '/healthz') { response.end('ok'); return; }
  response.statusCode = 404;
  response.end();
}).listen(8080, () => console.log('listening on :8080'));
`,
};

/** Asks the Node service for /healthz with the image's own node. */
const NODE_PROBE = ['node', '-e', "require('http').get('http://127.0.0.1:8080/healthz', (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on('error', (e) => { console.error(e.message); process.exit(1); })"];

interface Shape {
  name: string;
  dockerfile: string;
  files: Files;
  bases: string[];
  /** The command that checks the running container, from the image's configuration. */
  probe(config: ImageConfig): string[];
}

interface ImageConfig {
  Entrypoint?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: { Test?: string[] } | null;
}

/** The program the image starts, asked to probe itself: `<binary> -healthcheck`. */
function goProbe(config: ImageConfig): string[] {
  const command = [...(config.Entrypoint ?? []), ...(config.Cmd ?? [])];
  if (command[0] === '/bin/sh' && command[1] === '-c') return ['/bin/sh', '-c', `${command[2]} -healthcheck`];
  return [command[0], '-healthcheck'];
}

const SHAPES: Shape[] = [
  {
    name: 'go-alpine',
    dockerfile: `FROM ${GO_IMAGE} AS builder
WORKDIR /app
COPY go.mod ./
COPY *.go ./
RUN CGO_ENABLED=0 GOOS=linux go build -o main .

FROM ${ALPINE_IMAGE}
WORKDIR /root/
COPY --from=builder /app/main .
EXPOSE 8080
CMD ["./main"]
`,
    files: GO_FILES,
    bases: [GO_IMAGE, ALPINE_IMAGE],
    probe: goProbe,
  },
  {
    name: 'go-scratch',
    dockerfile: `FROM ${GO_IMAGE} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/server .

FROM scratch
COPY --from=build /out/server /server
EXPOSE 8080
ENTRYPOINT ["/server"]
`,
    files: GO_FILES,
    bases: [GO_IMAGE],
    probe: goProbe,
  },
  {
    name: 'go-distroless',
    dockerfile: `FROM ${GO_IMAGE} AS build
WORKDIR /go/src/app
COPY . .
RUN CGO_ENABLED=0 go build -o /go/bin/app

FROM ${DISTROLESS_IMAGE}
COPY --from=build /go/bin/app /
CMD ["/app"]
`,
    files: GO_FILES,
    bases: [GO_IMAGE, DISTROLESS_IMAGE],
    probe: goProbe,
  },
  {
    name: 'go-single',
    dockerfile: `FROM ${GO_IMAGE}
ENV CGO_ENABLED=0
WORKDIR /app
COPY . .
RUN go build -o server .
EXPOSE 8080
CMD ./server
`,
    files: GO_FILES,
    bases: [GO_IMAGE],
    probe: goProbe,
  },
  {
    name: 'node-debian',
    dockerfile: `FROM ${NODE_IMAGE}
WORKDIR /usr/src/app
COPY package*.json ./
RUN npm install
COPY . .
EXPOSE 8080
CMD npm start
`,
    files: NODE_FILES,
    bases: [NODE_IMAGE],
    probe: () => NODE_PROBE,
  },
];

// ---- the fixed versions -------------------------------------------------------------------

interface Version {
  /** `naive`, `fix-all`, `fix-all + <rule>: <fix>`, `every fix`. */
  name: string;
  dockerfile: string;
  files: Files;
  /** `<rule>: <fix title>` of every fix applied, in order. */
  fixes: string[];
}

const lint = (dockerfile: string, files: Files): LintResult => lintText(dockerfile, { files });

/** Rule ids of the error findings: the linter's claim that the build or the container fails. */
const errorsOf = (dockerfile: string, files: Files): string[] => lint(dockerfile, files).findings.filter((finding) => finding.severity === 'error').map((finding) => finding.rule.meta.id);

/** The fix-all (lint/fixAll.ts), with the files it creates or appends to. */
function applyFixAll(version: Version): Version {
  const fixed = fixAll(lint(version.dockerfile, version.files));
  const files = { ...version.files };
  for (const write of fixed.files) files[write.path] = write.append && files[write.path] !== undefined ? files[write.path] + write.content : write.content;
  return { name: 'fix-all', dockerfile: fixed.text, files, fixes: [...version.fixes, ...fixed.applied.map((fix) => `${fix.ruleId}: ${fix.title}`)] };
}

/** The quick fixes the editor offers on the whole file (lint/codeActions.ts), without "Ignore …" and the fix-all. */
function quickFixes(result: LintResult): CodeAction[] {
  const whole = { start: { line: 0, character: 0 }, end: { line: result.model.lines.length, character: 0 } };
  return codeActions(result, { range: whole, only: [CodeActionKind.QuickFix] })
    .filter((action) => action.diagnostics?.length && !action.title.startsWith('Ignore '));
}

/** Applies a code action's WorkspaceEdit to the in-memory project (lintText's context root is /memory). */
function applyAction(version: Version, result: LintResult, action: CodeAction): Version {
  const edit: WorkspaceEdit = action.edit ?? {};
  let dockerfile = version.dockerfile;
  const files = { ...version.files };
  const relative = (uri: string) => path.relative(result.context.root, fileURLToPath(uri));
  const editFile = (uri: string, edits: TextEdit[]) => {
    if (uri === result.uri) dockerfile = applyEdits(dockerfile, edits);
    else files[relative(uri)] = applyEdits(files[relative(uri)] ?? '', edits);
  };
  for (const [uri, edits] of Object.entries(edit.changes ?? {})) editFile(uri, edits);
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') files[relative(change.uri)] ??= '';
      else throw new Error(`unexpected ${change.kind} in "${action.title}"`);
    } else {
      editFile(change.textDocument.uri, change.edits.filter((e): e is TextEdit => 'range' in e));
    }
  }
  const rule = String(action.diagnostics?.[0]?.code ?? '?');
  return { name: version.name, dockerfile, files, fixes: [...version.fixes, `${rule}: ${action.title}`] };
}

const sameProject = (a: Version, b: Version) => a.dockerfile === b.dockerfile && JSON.stringify(a.files) === JSON.stringify(b.files);

/**
 * The naive file, the fix-all, each quick fix left after the fix-all on its own, and a user who
 * applies every fix offered, one after the other, re-linting in between (each fix once). Where
 * the fix-all leaves an error (the linter says the image cannot start as written), the fixes of
 * those errors come first, so that each other fix is proven on an image that can start.
 */
function versionsOf(shape: Shape): Version[] {
  const naive: Version = { name: 'naive', dockerfile: shape.dockerfile, files: shape.files, fixes: [] };
  const all = applyFixAll(naive);
  const versions = [naive, all];
  let base = all;
  for (let step = 0; step < 5; step++) {
    const result = lint(base.dockerfile, base.files);
    const repair = quickFixes(result).find((action) => action.diagnostics?.[0]?.severity === DiagnosticSeverity.Error);
    if (!repair) break;
    base = applyFixAll(applyAction(base, result, repair));
  }
  if (base !== all) {
    base = { ...base, name: ['fix-all', ...base.fixes.slice(all.fixes.length)].join(' + ') };
    versions.push(base);
  }
  const after = lint(base.dockerfile, base.files);
  for (const action of quickFixes(after)) {
    const one = applyAction(base, after, action);
    versions.push({ ...one, name: `${base.name} + ${one.fixes[one.fixes.length - 1]}` });
  }
  let every = all;
  const tried = new Set<string>();
  for (let step = 0; step < 20; step++) {
    const result = lint(every.dockerfile, every.files);
    const action = quickFixes(result).find((candidate) => !tried.has(`${candidate.diagnostics?.[0]?.code}: ${candidate.title}`));
    if (!action) break;
    tried.add(`${action.diagnostics?.[0]?.code}: ${action.title}`);
    every = applyFixAll(applyAction(every, result, action));
  }
  versions.push({ ...every, name: 'every fix' });
  return versions.filter((version, i) => i < 2 || !versions.slice(0, i).some((earlier) => sameProject(earlier, version)) || version.name === 'every fix');
}

// ---- base images --------------------------------------------------------------------------

/** golang:1.19-bookworm and the distroless stand-in, made by scripts/go-image.sh when absent. */
async function ensureGoImages(): Promise<void> {
  await run('bash', [path.join(REPO_ROOT, 'scripts/go-image.sh')], { cwd: REPO_ROOT, timeout: 15 * 60_000, maxBuffer: 16 << 20 });
}

async function hasImage(docker: Docker, reference: string): Promise<boolean> {
  return docker.getImage(reference).inspect().then(() => true, () => false);
}

/** alpine:3.19 as alpine lays it out where it matters here: busybox, root's home 0700, /tmp, passwd. */
async function ensureAlpineImage(docker: Docker): Promise<void> {
  if (await hasImage(docker, ALPINE_IMAGE)) return;
  await ensureBusyboxImage(docker);
  await buildImage(docker, {
    Dockerfile: `FROM ${BUSYBOX_IMAGE}
RUN mkdir -p /root /tmp /etc /home /usr/bin /usr/sbin /usr/local/bin /var/tmp \\
 && chmod 700 /root && chmod 1777 /tmp /var/tmp \\
 && printf 'root:x:0:0:root:/root:/bin/sh\\nnobody:x:65534:65534:nobody:/:/sbin/nologin\\n' > /etc/passwd \\
 && printf 'root:x:0:root\\nnobody:x:65534:\\n' > /etc/group
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
LABEL dockscope.stand-in="alpine 3.19 made from busybox-static by test/docker/fixes-run.test.ts"
CMD ["/bin/sh"]
`,
  }, ALPINE_IMAGE);
}

/**
 * node:20-bookworm-slim from the Node binary running this test, the glibc libraries it links
 * (this machine is Debian bookworm, as that image is), npm from beside it, busybox for /bin/sh,
 * and the image's `node` user (1000).
 */
async function ensureNodeImage(docker: Docker): Promise<string | undefined> {
  if (await hasImage(docker, NODE_IMAGE)) return undefined;
  const node = process.execPath;
  const npm = path.resolve(path.dirname(node), '../lib/node_modules/npm');
  if (!existsSync(npm)) return `no npm beside ${node}`;
  const { stdout } = await run('ldd', [node]);
  const libraries = [...stdout.matchAll(/(\/\S+)\s+\(0x/g)].map((match) => match[1]);
  await ensureBusyboxImage(docker);
  const context = tempContext({
    Dockerfile: `FROM ${BUSYBOX_IMAGE}
COPY rootfs/ /
RUN mkdir -p /root /tmp /home/node /usr/bin && chmod 700 /root && chmod 1777 /tmp \\
 && ln -s /bin/env /usr/bin/env \\
 && printf 'root:x:0:0:root:/root:/bin/sh\\nnode:x:1000:1000::/home/node:/bin/sh\\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\\n' > /etc/passwd \\
 && printf 'root:x:0:\\nnode:x:1000:\\nnobody:x:65534:\\n' > /etc/group && chown 1000:1000 /home/node
ENV PATH=/usr/local/bin:/usr/bin:/bin NODE_VERSION=${process.versions.node}
LABEL dockscope.stand-in="node bookworm-slim made from this machine's node by test/docker/fixes-run.test.ts"
CMD ["node"]
`,
  });
  try {
    const rootfs = path.join(context.dir, 'rootfs');
    mkdirSync(path.join(rootfs, 'usr/local/bin'), { recursive: true });
    copyFileSync(node, path.join(rootfs, 'usr/local/bin/node'));
    for (const library of libraries) {
      mkdirSync(path.join(rootfs, path.dirname(library)), { recursive: true });
      copyFileSync(library, path.join(rootfs, library));
    }
    cpSync(npm, path.join(rootfs, 'usr/local/lib/node_modules/npm'), { recursive: true, verbatimSymlinks: true });
    symlinkSync('../lib/node_modules/npm/bin/npm-cli.js', path.join(rootfs, 'usr/local/bin/npm'));
    const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag: NODE_IMAGE, network: 'none' });
    if (record.outcome !== 'succeeded') throw new Error(`making ${NODE_IMAGE} failed: ${record.error}`);
  } finally {
    context.cleanup();
  }
  return undefined;
}

// ---- build and run ------------------------------------------------------------------------

interface Outcome {
  built: boolean;
  started: boolean;
  /** Why it did not build or start: the build error, or the exit code, logs and probe output. */
  problem?: string;
}

async function buildAndRun(docker: Docker, version: Version, tag: string, shape: Shape): Promise<Outcome> {
  const context = tempContext({ ...version.files, Dockerfile: version.dockerfile });
  try {
    const record = await runBuild(docker, { dockerfile: path.join(context.dir, 'Dockerfile'), context: context.dir, tag, network: 'none' });
    if (record.outcome !== 'succeeded') {
      const step = record.steps.find((candidate) => candidate.error !== null);
      return { built: false, started: false, problem: `build failed: ${record.error}${step ? `\n  at ${step.name}\n  ${step.logTail.slice(-5).join('\n  ')}` : ''}` };
    }
  } finally {
    context.cleanup();
  }
  const config = (await docker.getImage(tag).inspect()).Config as ImageConfig;
  const container = await docker.createContainer({ Image: tag, HostConfig: { NetworkMode: 'none' } });
  try {
    // runc refuses a program it cannot execute at start (e.g. `stat ./main: permission denied`).
    const refused = await container.start().then(() => null, (error: unknown) => String((error as { json?: { message?: string } }).json?.message ?? error));
    if (refused) return { built: true, started: false, problem: `the container does not start: ${refused.trim()}` };
    const probes = [shape.probe(config)];
    const test = config.Healthcheck?.Test;
    if (test?.[0] === 'CMD') probes.push(test.slice(1));
    if (test?.[0] === 'CMD-SHELL') probes.push(['/bin/sh', '-c', test[1]]);
    let last = '';
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const state = (await container.inspect()).State;
      if (!state.Running) {
        return { built: true, started: false, problem: `the container exited with code ${state.ExitCode}${state.Error ? ` (${state.Error})` : ''}; its output: ${await logsOf(container)}` };
      }
      const results = [];
      for (const probe of probes) results.push(await execIn(container, probe));
      const failed = results.find((result) => result.code !== 0);
      if (!failed) return { built: true, started: true };
      last = `\`${failed.command.join(' ')}\` exited ${failed.code}: ${failed.output}`;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    return { built: true, started: false, problem: `the health check did not pass within ${START_TIMEOUT_MS / 1000} s: ${last}; the container's output: ${await logsOf(container)}` };
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}

async function execIn(container: Docker.Container, command: string[]): Promise<{ command: string[]; code: number; output: string }> {
  try {
    const exec = await container.exec({ Cmd: command, AttachStdout: true, AttachStderr: true });
    const stream = await exec.start({});
    const chunks: Buffer[] = [];
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', resolve);
      stream.on('error', reject);
    });
    const { ExitCode } = await exec.inspect();
    return { command, code: ExitCode ?? -1, output: demux(Buffer.concat(chunks)) };
  } catch (error) {
    return { command, code: -1, output: String(error) };
  }
}

async function logsOf(container: Docker.Container): Promise<string> {
  const logs = await container.logs({ stdout: true, stderr: true, follow: false }).catch((error: unknown) => Buffer.from(String(error)));
  return JSON.stringify(demux(Buffer.isBuffer(logs) ? logs : Buffer.from(String(logs))).slice(-600));
}

/** The text of a multiplexed stdout/stderr stream (8-byte frame headers), or the text as is. */
function demux(data: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= data.length && data[offset] <= 2 && data.readUInt16BE(offset + 1) === 0) {
    const size = data.readUInt32BE(offset + 4);
    parts.push(data.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return (offset === data.length ? Buffer.concat(parts) : data).toString('utf8').trim();
}

/** What a failure usually means, for the ones seen on these shapes. */
function hint(version: Version, problem = ''): string {
  if (/permission denied/.test(problem) && /^USER\b/im.test(version.dockerfile) && /^(WORKDIR|COPY|ADD)\b.*\/root\b/im.test(version.dockerfile)) {
    return '\nHint: the image keeps its program under /root, which only root may enter (0700 in alpine and Debian images), and a fix made it run as another user.';
  }
  if (/C compiler "gcc" not found/.test(problem)) {
    return '\nHint: Go before 1.20 turns cgo on even without a C compiler; -trimpath (or -a) then rebuilds runtime/cgo, which needs gcc (golang:1.19-alpine behaves like this stand-in).';
  }
  return '';
}

// ---- the test -----------------------------------------------------------------------------

async function prepare(t: TestContext): Promise<Docker | undefined> {
  const docker = await dockerOrSkip(t);
  if (!docker) return undefined;
  try {
    await ensureGoImages();
  } catch (error) {
    const message = `scripts/go-image.sh could not make ${GO_IMAGE}: ${String(error).slice(0, 2000)}`;
    if (process.env.CI === 'true') throw new Error(message);
    t.skip(message);
    return undefined;
  }
  await ensureAlpineImage(docker);
  return docker;
}

test('every offered fix of the common Dockerfile shapes builds and starts with --network none', async (t) => {
  const docker = await prepare(t);
  if (!docker) return;
  const nodeMissing = await ensureNodeImage(docker);
  const tags: string[] = [];
  t.after(async () => {
    for (const tag of tags) await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  });
  const report: string[] = [];
  for (const shape of SHAPES) {
    await t.test(shape.name, async (st) => {
      if (shape.bases.includes(NODE_IMAGE) && nodeMissing) {
        if (process.env.CI === 'true') assert.fail(`cannot make ${NODE_IMAGE}: ${nodeMissing}`);
        st.skip(`cannot make ${NODE_IMAGE}: ${nodeMissing}`);
        return;
      }
      const naiveErrors = new Set(errorsOf(shape.dockerfile, shape.files));
      const versions = versionsOf(shape);
      for (const [i, version] of versions.entries()) {
        const what = `${shape.name}, ${version.name}${version.fixes.length ? ` (fixes: ${version.fixes.join('; ')})` : ''}`;
        const errors = errorsOf(version.dockerfile, version.files);
        if (version.name !== 'naive' && errors.length) {
          // The linter still says this version is broken: only errors the naive file had may remain.
          const introduced = errors.filter((id) => !naiveErrors.has(id));
          report.push(`${introduced.length ? 'FAIL' : 'skip'} ${shape.name} / ${version.name}: ${introduced.length ? 'introduced' : 'still reports'} ${errors.join(', ')}; not built`);
          await st.test(version.name, () => {
            assert.deepEqual(introduced, [], `${what}: the fixes introduced error findings:\n${version.dockerfile}`);
          });
          continue;
        }
        const tag = `${TAG_REPOSITORY}:${shape.name}-${i}`;
        tags.push(tag);
        const started = Date.now();
        const outcome = await buildAndRun(docker, version, tag, shape);
        await docker.getImage(tag).remove({ force: true }).catch(() => undefined);
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        const label = outcome.started ? 'ok  ' : version.name === 'naive' && outcome.built && naiveErrors.size ? 'as reported' : 'FAIL';
        report.push(`${label} ${shape.name} / ${version.name} (${seconds} s)${outcome.problem ? `: ${outcome.problem.split('\n')[0].slice(0, 200)}` : ''}`);
        if (version.name === 'naive') {
          await st.test('naive', () => {
            assert.ok(outcome.built, `the naive ${shape.name} Dockerfile does not build here: ${outcome.problem}`);
            // A container that fails to start is what `error` means (docs/rules/README.md).
            assert.ok(outcome.started || naiveErrors.size, `the naive ${shape.name} image does not start and the linter reported no error for it: ${outcome.problem}`);
          });
          continue;
        }
        await st.test(version.name, () => {
          assert.ok(outcome.built && outcome.started, `${what}: the fixed image ${outcome.built ? 'does not start' : 'does not build'}.\n${outcome.problem}${hint(version, outcome.problem)}\n--- Dockerfile\n${version.dockerfile}`);
        });
      }
    });
  }
  for (const line of report) t.diagnostic(line);
});

// A deterministic corpus of realistic Dockerfiles for bench/lint.mjs: multi-stage Go, Node and
// Python builds, apt/apk installs, `\`-continuations with comments inside, heredocs, ARG-resolved
// images, lower-case instructions, CRLF files, a `# escape=` file, and some mistakes a linter
// should catch. The same seed always yields the same files, so runs compare like with like.
//   generateCorpus({ count: 320, seed: 1 }) → [{ name, text }]

/** mulberry32: small, fast, deterministic. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function picker(rand) {
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const some = (list, min, max) => {
    const n = min + Math.floor(rand() * (max - min + 1));
    const copy = [...list];
    const out = [];
    while (out.length < n && copy.length) out.push(copy.splice(Math.floor(rand() * copy.length), 1)[0]);
    return out;
  };
  const chance = (p) => rand() < p;
  return { pick, some, chance };
}

const GO_BUILDERS = ['golang:1.22-alpine', 'golang:1.21', 'golang:1.23-bookworm', 'golang:1.22.5-alpine3.20', 'golang:${GO_VERSION}-alpine', 'golang'];
const GO_RUNTIMES = ['gcr.io/distroless/static-debian12:nonroot', 'scratch', 'alpine:3.20', 'gcr.io/distroless/base-debian12', 'debian:bookworm-slim', 'gcr.io/distroless/static:debug'];
const NODE_IMAGES = ['node:20-alpine', 'node:18-slim', 'node:22-bookworm-slim', 'node:lts', 'node:${NODE_VERSION}-alpine'];
const PY_IMAGES = ['python:3.12-slim', 'python:3.11-alpine', 'python:3.10-bookworm', 'python:latest'];
const APT_PACKAGES = ['ca-certificates', 'curl', 'git', 'tzdata', 'build-essential', 'libpq-dev', 'gnupg', 'unzip', 'jq', 'openssh-client', 'make', 'gcc', 'libssl-dev', 'wget', 'locales'];
const APK_PACKAGES = ['ca-certificates', 'tzdata', 'git', 'curl', 'build-base', 'musl-dev', 'bash', 'openssl', 'jq', 'libc6-compat', 'gcc'];
const PORTS = ['8080', '80', '443', '3000', '5000', '8000', '9090', '53/udp', '8080/tcp', '8443', '6060'];
const SERVICES = ['api', 'worker', 'gateway', 'server', 'scheduler', 'web', 'proxy', 'indexer', 'migrator'];

function maybeLower(p, keyword) {
  return p.chance(0.04) ? keyword.toLowerCase() : keyword;
}

/** Joins command parts as people write them: ` && \` continuations, sometimes with comments. */
function continued(p, parts, indent = '    ') {
  return parts.map((part, i) => {
    if (i === 0) return part;
    const comment = p.chance(0.08) ? `${indent}# ${p.pick(['keep the layer small', 'pinned below', 'needed at runtime', 'see README'])}\n` : '';
    return `${comment}${indent}&& ${part}`;
  }).join(' \\\n');
}

function aptRun(p) {
  const packages = p.some(APT_PACKAGES, 2, 7).sort();
  const install = `apt-get install -y${p.chance(0.7) ? ' --no-install-recommends' : ''} \\\n        ${packages.join(' \\\n        ')}`;
  const parts = ['apt-get update', install];
  if (p.chance(0.75)) parts.push('rm -rf /var/lib/apt/lists/*');
  if (p.chance(0.2)) parts.push('curl -fsSL https://deb.nodesource.com/setup_20.x | bash -');
  return `RUN ${continued(p, parts)}`;
}

function apkRun(p) {
  const packages = p.some(APK_PACKAGES, 1, 5).sort();
  return `RUN apk add ${p.chance(0.7) ? '--no-cache ' : ''}${packages.join(' ')}`;
}

function goStages(p, name, index) {
  const builder = p.pick(GO_BUILDERS);
  const runtime = p.pick(GO_RUNTIMES);
  const service = p.pick(SERVICES);
  const out = `/out/${service}`;
  const lines = [];
  if (builder.includes('${GO_VERSION}')) lines.push(`ARG GO_VERSION=1.22`);
  const platform = p.chance(0.3) ? '--platform=$BUILDPLATFORM ' : '';
  lines.push(`${maybeLower(p, 'FROM')} ${platform}${builder} AS ${name}`);
  if (builder.includes('alpine') && p.chance(0.5)) lines.push(apkRun(p));
  lines.push(`WORKDIR ${p.chance(0.9) ? '/src' : 'src'}`);
  const cacheMounts = p.chance(0.4);
  const mount = cacheMounts ? '--mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    ' : '';
  if (p.chance(0.7)) {
    lines.push(`COPY go.mod ${p.chance(0.8) ? 'go.sum ' : ''}./`);
    lines.push(`RUN ${cacheMounts ? '--mount=type=cache,target=/go/pkg/mod ' : ''}go mod download`);
  }
  lines.push(p.chance(0.85) ? 'COPY . .' : 'COPY *.go ./');
  const env = p.pick(['CGO_ENABLED=0 ', 'CGO_ENABLED=0 GOOS=linux GOARCH=amd64 ', '', 'GOOS=linux ']);
  const flags = p.pick(['-trimpath -ldflags="-s -w"', '-ldflags "-s -w -X main.version=${VERSION}"', '', '-trimpath']);
  if (flags.includes('VERSION')) lines.push('ARG VERSION=dev');
  lines.push(`RUN ${mount}${env}go build ${flags ? flags + ' ' : ''}-o ${out} ./cmd/${service}`);
  if (p.chance(0.2)) lines.push('RUN go vet ./... && go test ./...');
  lines.push('');
  lines.push(`FROM ${runtime}${index === 0 ? '' : ` AS ${name}-runtime`}`);
  if (runtime === 'scratch' && p.chance(0.6)) lines.push(`COPY --from=${name} /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/`);
  lines.push(`COPY --from=${name} ${out} /usr/local/bin/${service}`);
  if (p.chance(0.5)) lines.push(`EXPOSE ${p.pick(PORTS)}`);
  if (p.chance(0.6)) lines.push(`USER ${p.pick(['65532:65532', 'nonroot:nonroot', 'app', '1000'])}`);
  lines.push(p.chance(0.75) ? `ENTRYPOINT ["/usr/local/bin/${service}"]` : `CMD /usr/local/bin/${service} --port ${p.pick(['8080', '$PORT'])}`);
  return lines;
}

function nodeStages(p, name) {
  const image = p.pick(NODE_IMAGES);
  const lines = [];
  if (image.includes('${NODE_VERSION}')) lines.push('ARG NODE_VERSION=20');
  lines.push(`FROM ${image} AS ${name}`);
  lines.push('WORKDIR /usr/src/app');
  if (p.chance(0.7)) {
    lines.push('COPY package.json package-lock.json ./');
    lines.push(`RUN ${p.chance(0.5) ? '--mount=type=cache,target=/root/.npm ' : ''}npm ci ${p.pick(['--omit=dev', '--production', ''])}`.trimEnd());
    lines.push('COPY . .');
  } else {
    lines.push('COPY . .');
    lines.push(`RUN ${p.pick(['npm install', 'yarn install --frozen-lockfile', 'npm ci'])}`);
  }
  if (p.chance(0.5)) lines.push('RUN npm run build');
  lines.push(`ENV NODE_ENV=production PORT=${p.pick(['3000', '8080'])}`);
  if (p.chance(0.3)) lines.push('ENV NPM_TOKEN=${NPM_TOKEN}');
  lines.push(`EXPOSE ${p.pick(['3000', '8080'])}`);
  if (p.chance(0.4)) lines.push('HEALTHCHECK --interval=30s --timeout=3s CMD wget -qO- http://127.0.0.1:3000/healthz || exit 1');
  lines.push(p.chance(0.5) ? 'USER node' : '');
  lines.push(p.pick(['CMD ["node", "dist/server.js"]', 'CMD npm start', 'CMD node server.js', 'ENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "index.js"]']));
  return lines;
}

function pythonStages(p, name) {
  const image = p.pick(PY_IMAGES);
  const lines = [`FROM ${image} AS ${name}`, 'ENV PYTHONDONTWRITEBYTECODE=1 \\\n    PYTHONUNBUFFERED=1'];
  lines.push('WORKDIR /app');
  if (image.includes('alpine')) lines.push(apkRun(p));
  else if (p.chance(0.6)) lines.push(aptRun(p));
  lines.push('COPY requirements.txt .');
  lines.push(`RUN pip install ${p.chance(0.6) ? '--no-cache-dir ' : ''}-r requirements.txt`);
  lines.push('COPY . .');
  if (p.chance(0.3)) lines.push('RUN python -m compileall -q /app');
  lines.push(`EXPOSE ${p.pick(['8000', '5000'])}`);
  lines.push(p.pick(['CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]', 'CMD gunicorn -b 0.0.0.0:8000 app:app', 'CMD ["python", "-m", "app"]']));
  return lines;
}

function heredocStage(p, name) {
  const lines = [`FROM ${p.pick(['debian:bookworm-slim', 'ubuntu:22.04', 'alpine:3.20'])} AS ${name}`];
  lines.push(`RUN <<EOF\nset -eu\n${p.chance(0.5) ? 'apt-get update\napt-get install -y --no-install-recommends curl\nrm -rf /var/lib/apt/lists/*\n' : 'echo "building" | tee /tmp/log\nmkdir -p /opt/app\n'}EOF`);
  lines.push(`COPY <<-"CONF" /etc/app/config.yaml\n\tlisten: :${p.pick(['8080', '9000'])}\n\tlog_level: info\n\tCONF`);
  if (p.chance(0.5)) lines.push('RUN <<EOT bash\n  set -o pipefail\n  curl -fsSL https://example.com/setup.sh | sh\nEOT');
  lines.push('CMD ["/bin/sh", "-c", "exec /opt/app/run"]');
  return lines;
}

function miscStage(p, name) {
  const base = p.pick(['ubuntu:22.04', 'debian:bookworm', 'alpine:3.20', 'nginx:1.27-alpine', 'centos:7', 'redis', 'postgres:16']);
  const lines = [`${maybeLower(p, 'FROM')} ${base} AS ${name}`];
  if (p.chance(0.2)) lines.push('MAINTAINER Jane Doe <jane@example.com>');
  lines.push(`LABEL org.opencontainers.image.source="https://github.com/example/${name}" \\\n      org.opencontainers.image.licenses="MIT"`);
  lines.push(`ARG ${p.pick(['APP_VERSION=1.0.0', 'DB_PASSWORD', 'BUILD_DATE', 'GITHUB_TOKEN', 'GPG_KEY=0xABCDEF'])}`);
  lines.push(base.includes('alpine') ? apkRun(p) : base.startsWith('centos') ? 'RUN yum install -y epel-release && yum clean all' : aptRun(p));
  if (p.chance(0.3)) lines.push('RUN curl -sSLk https://example.com/tool.tgz | tar -xz -C /usr/local/bin');
  if (p.chance(0.2)) lines.push('RUN sudo chmod +x /usr/local/bin/tool');
  lines.push(`ADD ${p.pick(['https://example.com/file.tar.gz /tmp/', 'config/ /etc/app/', 'rootfs.tar.xz /'])}`);
  lines.push(`WORKDIR ${p.pick(['/srv', 'app', '/var/www/html'])}`);
  lines.push(`EXPOSE ${p.pick(PORTS)}${p.chance(0.05) ? ' 70000' : ''}${p.chance(0.05) ? ' 8080:80' : ''}`);
  lines.push(`${maybeLower(p, 'ENV')} ${p.pick(['TZ=UTC', 'LANG C.UTF-8', 'PATH=/usr/local/bin:$PATH'])}`);
  if (p.chance(0.3)) lines.push('VOLUME ["/data"]');
  lines.push(p.pick(['CMD ["nginx", "-g", "daemon off;"]', 'CMD /usr/local/bin/start.sh', 'ENTRYPOINT ["/docker-entrypoint.sh"]', 'STOPSIGNAL SIGTERM\nCMD ["redis-server"]']));
  return lines;
}

const STAGE_KINDS = [
  [goStages, 0.4], [nodeStages, 0.2], [pythonStages, 0.15], [miscStage, 0.17], [heredocStage, 0.08],
];

function stageKind(p, rand) {
  let r = rand();
  for (const [kind, weight] of STAGE_KINDS) {
    if ((r -= weight) < 0) return kind;
  }
  return miscStage;
}

function dockerfile(rand, index, stages) {
  const p = picker(rand);
  const lines = [];
  if (p.chance(0.3)) lines.push('# syntax=docker/dockerfile:1');
  if (p.chance(0.03)) lines.push('# escape=`');
  if (p.chance(0.2)) lines.push(`# ${p.pick(['Build', 'Production image for', 'Container for'])} ${p.pick(SERVICES)}`);
  for (let s = 0; s < stages; s++) {
    const name = s === 0 && stages === 1 ? 'build' : `${p.pick(['build', 'deps', 'compile', 'assets', 'tools'])}${index}-${s}`;
    lines.push(...stageKind(p, rand)(p, name, s === stages - 1 ? 0 : 1), '');
  }
  let text = lines.join('\n');
  if (text.includes('# escape=`')) text = text.replace(/\\\n/g, '`\n');
  if (p.chance(0.08)) text = text.replace(/\n/g, '\r\n');
  return text;
}

/** A file of about `bytes` bytes: many stages, as in a monorepo's all-in-one Dockerfile. */
function largeDockerfile(rand, bytes, label) {
  const parts = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const part = dockerfile(rand, i, 1).replace(/\r\n/g, '\n').replace(/^# escape=`\n/m, '').replace(/`\n/g, '\\\n');
    parts.push(part);
    size += part.length + 1;
  }
  let text = `# ${label}: generated monorepo Dockerfile\n` + parts.join('\n');
  if (text.length > bytes) text = text.slice(0, text.lastIndexOf('\n\n', bytes)) + '\n';
  return text;
}

export function generateCorpus({ count = 320, seed = 1 } = {}) {
  const rand = random(seed);
  const files = [];
  for (let i = 0; i < count; i++) {
    const stages = 1 + Math.floor(rand() * 3);
    files.push({ name: `f${String(i).padStart(3, '0')}.Dockerfile`, text: dockerfile(rand, i, stages) });
  }
  files.push({ name: 'large-20k.Dockerfile', text: largeDockerfile(rand, 20 * 1024, '20 KB') });
  files.push({ name: 'large-200k.Dockerfile', text: largeDockerfile(rand, 200 * 1024, '200 KB') });
  return files;
}

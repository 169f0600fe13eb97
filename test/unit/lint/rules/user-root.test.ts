import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expectFixClears, expectFixClearsInEveryForm, expectLinesInEveryForm, findingsOf, linesOf } from '../../../helpers/lint';

test('user-root: no USER in the final stage, fixed with a numeric USER before CMD', () => {
  const text = [
    'FROM golang:1.23 AS build',
    'RUN CGO_ENABLED=0 go build -o /out/app .',
    'FROM alpine:3.20',
    'COPY --from=build /out/app /app',
    'EXPOSE 8080',
    'ENTRYPOINT ["/app"]',
  ].join('\n');
  expectLinesInEveryForm('user-root', text, [2]);
  const [finding] = findingsOf('user-root', text);
  assert.equal(finding.severity, 'warning');
  assert.deepEqual(finding.range, { start: { line: 2, character: 5 }, end: { line: 2, character: 16 } });
  expectFixClearsInEveryForm('user-root', text);
  assert.deepEqual(expectFixClears('user-root', text), [text.replace('EXPOSE 8080\n', 'EXPOSE 8080\nUSER 65532:65532\n')]);
});

test('user-root: distroless gets USER nonroot:nonroot; lower-case files get a lower-case USER', () => {
  const distroless = 'FROM gcr.io/distroless/static-debian12\nCOPY app /app\nCMD ["/app"]\n';
  assert.deepEqual(expectFixClears('user-root', distroless), ['FROM gcr.io/distroless/static-debian12\nCOPY app /app\nUSER nonroot:nonroot\nCMD ["/app"]\n']);
  const lower = 'from alpine:3.20\r\nrun apk add --no-cache curl\r\nentrypoint ["/usr/bin/curl"]\r\n';
  assert.deepEqual(expectFixClears('user-root', lower), ['from alpine:3.20\r\nrun apk add --no-cache curl\r\nuser 65532:65532\r\nentrypoint ["/usr/bin/curl"]\r\n']);
});

test('user-root: USER root last is flagged at its word; the fix goes after it', () => {
  const text = [
    'FROM debian:bookworm-slim',
    'USER app',
    'USER root',
    'RUN apt-get update',
    'CMD ["/app"]',
  ].join('\n');
  expectLinesInEveryForm('user-root', text, [2]);
  assert.deepEqual(findingsOf('user-root', text)[0].range, { start: { line: 2, character: 5 }, end: { line: 2, character: 9 } });
  assert.deepEqual(expectFixClears('user-root', text), ['FROM debian:bookworm-slim\nUSER app\nUSER root\nRUN apt-get update\nUSER 65532:65532\nCMD ["/app"]']);
  assert.deepEqual(linesOf('user-root', 'FROM alpine:3.20 AS base\nUSER 0:0\nFROM base\nCMD ["x"]\n'), [1]);
  expectFixClearsInEveryForm('user-root', 'FROM alpine:3.20 AS base\nUSER 0:0\nFROM base\nCMD ["x"]\n');
});

test('user-root: a service image whose ENTRYPOINT is replaced no longer drops privileges', () => {
  expectLinesInEveryForm('user-root', 'FROM postgres:16\nCOPY run.sh /\nENTRYPOINT ["/run.sh"]\n', [0]);
});

test('user-root: silent for non-root users, non-root bases, builder stages and unknown users', () => {
  for (const text of [
    'FROM alpine:3.20\nUSER 65532:65532\nCMD ["x"]\n',
    'FROM alpine:3.20\nUSER root\nRUN apk add --no-cache git\nUSER app\n',
    'FROM gcr.io/distroless/static-debian12:nonroot\nCOPY app /app\n',
    'FROM gcr.io/distroless/base-debian12:debug-nonroot\nCOPY app /app\n',
    'FROM cgr.dev/chainguard/static:latest\nCOPY app /app\n',
    'FROM alpine:3.20 AS base\nUSER app\nFROM base\nCMD ["x"]\n',
    'FROM alpine:3.20 AS build\nRUN make\nFROM gcr.io/distroless/static:nonroot\nCOPY --from=build /app /app\n',
    'FROM alpine:3.20\nARG UID\nUSER ${UID}\n',
    'ARG BASE\nFROM ${BASE}\nCMD ["x"]\n',
    'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nCMD ["cmd"]\n',
    'FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n',
    'FROM redis:7-alpine\nCOPY redis.conf /usr/local/etc/redis/\nCMD ["redis-server", "/usr/local/etc/redis/redis.conf"]\n',
    'FROM mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022\nCMD ["app.exe"]\n',
  ]) {
    expectLinesInEveryForm('user-root', text, []);
  }
});

test('user-root: silent on base and toolchain images (no CMD, or only a shell or REPL)', () => {
  for (const text of [
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y --no-install-recommends gcc make\n',
    'FROM buildpack-deps:bookworm-scm\nENV GOLANG_VERSION=1.23.4\nRUN curl -fsSL https://go.dev/dl/go.tgz | tar -xz -C /usr/local\nWORKDIR /go\n',
    'FROM alpine:3.20\nRUN apk add --no-cache git\nCMD ["/bin/sh"]\n',
    'FROM debian:bookworm-slim\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["python3"]\n',
    'FROM ubuntu:24.04\nCMD bash\n',
    'FROM alpine:3.20\nENTRYPOINT ["docker-php-entrypoint"]\nCMD ["php", "-a"]\n',
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y build-essential\nENTRYPOINT ["bash"]\n',
  ]) {
    assert.deepEqual(linesOf('user-root', text), [], text);
  }
});

test('user-root: silent when the command drops root itself', () => {
  for (const text of [
    'FROM debian:bookworm-slim\nCOPY app /usr/local/bin/\nCMD ["gosu", "nobody", "app"]\n',
    'FROM alpine:3.20\nCOPY app /usr/local/bin/\nENTRYPOINT ["su-exec", "app:app"]\nCMD ["app"]\n',
    'FROM debian:bookworm-slim\nCMD ["setpriv", "--reuid=1000", "--regid=1000", "--init-groups", "app"]\n',
    'FROM alpine:3.20\nCMD exec chroot --userspec=1000:1000 / /app\n',
    'FROM debian:bookworm-slim\nCMD ["runuser", "-u", "app", "--", "/app"]\n',
    'FROM alpine:3.20\nRUN apk add --no-cache dnsmasq\nENTRYPOINT ["dnsmasq", "-k"]\n',
    'FROM alpine:3.20\nCMD ["/usr/bin/myd", "--user=daemon", "--foreground"]\n',
    'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\nCMD ["nginx", "-g", "daemon off;"]\n',
    'FROM debian:bookworm-slim\nRUN apt-get update && apt-get install -y supervisor\nRUN printf "[program:app]\\ncommand=/app\\nuser=app\\n" > /etc/supervisor/conf.d/app.conf\nCMD ["supervisord", "-n"]\n',
    'FROM debian:bookworm-slim\nCOPY <<EOF /etc/supervisor/conf.d/app.conf\n[program:app]\ncommand=/app\nuser = app\nEOF\nCMD ["supervisord", "-n"]\n',
    'FROM ghcr.io/linuxserver/baseimage-alpine:3.20\nCOPY root/ /\nENTRYPOINT ["/init"]\n',
    'FROM alpine:3.20\nENTRYPOINT ["docker-php-entrypoint"]\nCMD ["php-fpm82"]\n',
    'FROM php:8.3-apache\nCOPY src/ /var/www/html/\nCMD ["apache2-foreground"]\n',
  ]) {
    assert.deepEqual(linesOf('user-root', text), [], text);
  }
  // An entry script in the build context that switches user.
  const text = 'FROM alpine:3.20\nRUN apk add --no-cache su-exec\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["server"]\n';
  assert.deepEqual(linesOf('user-root', text, { files: { 'docker-entrypoint.sh': '#!/bin/sh\nset -e\nexec su-exec app "$@"\n' } }), []);
  assert.deepEqual(linesOf('user-root', text, { files: { 'docker-entrypoint.sh': '#!/bin/sh\nexec "$@"\n' } }), [0]);
  // --user=root is still root.
  assert.deepEqual(linesOf('user-root', 'FROM alpine:3.20\nCMD ["/usr/bin/myd", "--user=root"]\n'), [0]);
});

test('user-root: silent for tools that need root', () => {
  for (const text of [
    'FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y bpftrace\nENTRYPOINT ["bpftrace"]\n',
    'FROM alpine:3.20\nRUN apk add --no-cache tcpdump\nCOPY capture.sh /\nCMD ["/capture.sh"]\n',
    'FROM alpine:3.20\nRUN apk add --no-cache iptables\nCOPY rules.sh /\nENTRYPOINT ["/rules.sh"]\n',
    'FROM docker:27-dind\nCOPY daemon.json /etc/docker/\nCMD ["dockerd"]\n',
    'FROM alpine:3.20\nCMD ["tshark", "-i", "eth0"]\n',
    'FROM alpine:3.20\nRUN apk add --no-cache openconnect\nENTRYPOINT ["openconnect", "--config=/etc/openconnect/openconnect.conf"]\n',
  ]) {
    assert.deepEqual(linesOf('user-root', text), [], text);
  }
});

test('user-root: the fix moves a /root working directory to /app (0700: the user could not reach it)', () => {
  const text = [
    'FROM golang:1.23 AS builder',
    'WORKDIR /app',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o main .',
    'FROM alpine:latest',
    'RUN apk --no-cache add ca-certificates',
    'WORKDIR /root/',
    'COPY --from=builder /app/main .',
    'COPY config.yaml /root/config.yaml',
    'EXPOSE 8080',
    'CMD ["./main", "-config", "/root/config.yaml"]',
  ].join('\n');
  const [finding] = findingsOf('user-root', text);
  assert.equal(finding.fixes?.[0].title, 'Insert USER 65532:65532 (move /root to /app: /root is 0700, the user could not reach it)');
  assert.deepEqual(expectFixClears('user-root', text), [[
    'FROM golang:1.23 AS builder',
    'WORKDIR /app',
    'COPY . .',
    'RUN CGO_ENABLED=0 go build -o main .',
    'FROM alpine:latest',
    'RUN apk --no-cache add ca-certificates',
    'WORKDIR /app/',
    'COPY --from=builder /app/main .',
    'COPY config.yaml /app/config.yaml',
    'EXPOSE 8080',
    'USER 65532:65532',
    'CMD ["./main", "-config", "/app/config.yaml"]',
  ].join('\n')]);
  expectFixClearsInEveryForm('user-root', text);
  // COPY sources from another stage keep their /root paths.
  const source = 'FROM golang:1.23 AS b\nRUN go build -o /root/app .\nFROM alpine:3.20\nCOPY --from=b /root/app /root/app\nCMD ["/root/app"]\n';
  assert.deepEqual(expectFixClears('user-root', source), ['FROM golang:1.23 AS b\nRUN go build -o /root/app .\nFROM alpine:3.20\nCOPY --from=b /root/app /app/app\nUSER 65532:65532\nCMD ["/app/app"]\n']);
  // A /root working directory inherited from a parent stage is not moved: no fix, and the message says why.
  const inherited = 'FROM alpine:3.20 AS base\nWORKDIR /root\nFROM base\nCOPY app .\nCMD ["./app"]\n';
  const [declined] = findingsOf('user-root', inherited);
  assert.equal(declined.fixes?.length ?? 0, 0);
  assert.equal(findingsOf('user-root', 'FROM debian:bookworm-slim\nENV HOME /root\nWORKDIR $HOME/work\nENTRYPOINT ["s3cmd"]\n')[0].fixes?.length ?? 0, 0);
  assert.match(declined.message, /No fix offered: the program works under \/root \(mode 0700, a non-root user cannot reach it\) and the fix cannot move it/);
});

test('user-root: the fix gives the user what it writes: volumes and data files', () => {
  const text = 'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nCOPY seed.db /data/seed.db\nVOLUME /data\nCMD ["app", "--db", "/data/app.db"]\n';
  assert.deepEqual(expectFixClears('user-root', text), [
    'FROM alpine:3.20\nCOPY app /usr/local/bin/app\nCOPY --chown=65532:65532 seed.db /data/seed.db\nRUN mkdir -p /data && chown 65532:65532 /data\nVOLUME /data\nUSER 65532:65532\nCMD ["app", "--db", "/data/app.db"]\n',
  ]);
  // /tmp is world-writable already.
  assert.deepEqual(expectFixClears('user-root', 'FROM eclipse-temurin:21-jre\nVOLUME /tmp\nCOPY app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n'),
    ['FROM eclipse-temurin:21-jre\nVOLUME /tmp\nCOPY app.jar /app.jar\nUSER 65532:65532\nENTRYPOINT ["java", "-jar", "/app.jar"]\n']);
  // Already owned: nothing to add.
  const owned = 'FROM alpine:3.20\nRUN mkdir /data && chown 65532 /data\nVOLUME /data\nCMD ["app"]\n';
  assert.deepEqual(expectFixClears('user-root', owned), ['FROM alpine:3.20\nRUN mkdir /data && chown 65532 /data\nVOLUME /data\nUSER 65532:65532\nCMD ["app"]\n']);
  // No shell to create it with: declined.
  const scratch = 'FROM scratch\nCOPY app /app\nVOLUME /data\nENTRYPOINT ["/app"]\n';
  assert.match(findingsOf('user-root', scratch)[0].message, /No fix offered: VOLUME \/data would stay owned by root/);
});

test('user-root: a user the Dockerfile creates is the USER the fix picks', () => {
  const text = 'FROM alpine:3.20\nRUN addgroup -S app && adduser -S -G app app\nCOPY app /app\nCMD ["/app"]\n';
  assert.deepEqual(expectFixClears('user-root', text), ['FROM alpine:3.20\nRUN addgroup -S app && adduser -S -G app app\nCOPY app /app\nUSER app\nCMD ["/app"]\n']);
  const debian = 'FROM debian:bookworm-slim\nRUN useradd --uid 10001 --create-home svc\nCOPY app /app\nCMD ["/app"]\n';
  assert.match(findingsOf('user-root', debian)[0].fixes?.[0].title ?? '', /^Insert USER svc/);
});

test('user-root: a third-party base may set its own USER: info, saying what was assumed', () => {
  const text = 'FROM example/tool:0.52.0\nCOPY script.js /script.js\nENTRYPOINT ["k6", "run", "/script.js"]\n';
  const [finding] = findingsOf('user-root', text);
  assert.equal(finding.severity, 'info');
  assert.match(finding.message, /^No USER in the final stage, and example\/tool:0\.52\.0 is an image Dockscope cannot see: unless it sets a non-root USER itself, the program runs as root\./);
  for (const known of ['alpine:3.20', 'docker.io/library/alpine:3.20', 'public.ecr.aws/docker/library/alpine:3.20', 'mcr.microsoft.com/dotnet/aspnet:8.0']) {
    assert.equal(findingsOf('user-root', `FROM ${known}\nCOPY app /app\nCMD ["/app"]\n`)[0].severity, 'warning', known);
  }
  // An explicit USER root is root whatever the base.
  assert.equal(findingsOf('user-root', 'FROM grafana/k6:0.52.0\nUSER root\nCMD ["k6"]\n')[0].severity, 'warning');
});

test('user-root: on the official node image the fix picks its node user (npm needs a home for its cache)', () => {
  const text = 'FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nCMD ["npm", "start"]\n';
  assert.deepEqual(expectFixClears('user-root', text), ['FROM node:20-slim\nWORKDIR /app\nCOPY . .\nRUN npm ci\nUSER node\nCMD ["npm", "start"]\n']);
});

test('user-root: well-known images that set a non-root USER themselves are not reported', () => {
  for (const base of ['docker.io/grafana/k6:2.2.0-with-browser', 'grafana/grafana:11.0.0', 'bitnami/redis:7.2', 'nginxinc/nginx-unprivileged:1.27']) {
    expectLinesInEveryForm('user-root', `FROM golang:1.22 AS build\nRUN go build -o /k6 .\nFROM ${base}\nCOPY --from=build /k6 /usr/bin/k6\nCMD ["k6", "run", "/s.js"]\n`, []);
  }
  // An image of the same owner not on the list is still unseen: the hedged info stays.
  assert.equal(findingsOf('user-root', 'FROM grafana/agent:1\nCMD ["agent"]\n')[0]?.severity, 'info');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../dockerfile/model';
import { expandVariables } from '../../../dockerfile/variables';

test('stages: names, base images after global ARG resolution, parents and runtime traits', () => {
  const model = buildModel([
    'ARG GO_VERSION=1.22', 'ARG DISTROLESS=gcr.io/distroless/static-debian12', 'ARG UNSET',
    'FROM golang:${GO_VERSION}-alpine AS Builder', 'RUN go build -o /app .',
    'FROM builder AS test', 'FROM ${DISTROLESS}:nonroot', 'COPY --from=builder /app /app',
    'FROM ${UNSET:-scratch} AS s', 'FROM $UNSET AS u', 'FROM gcr.io/distroless/base:debug AS d',
  ].join('\n'));
  const [builder, testStage, runtime, s, u, d] = model.stages;
  assert.equal(builder.name, 'builder');
  assert.equal(builder.image.resolved, 'golang:1.22-alpine');
  assert.equal(builder.image.tag, '1.22-alpine');
  assert.deepEqual([builder.runtime.golang, builder.runtime.musl, builder.runtime.shellLess], [true, true, false]);
  assert.equal(testStage.parent, builder);
  assert.equal(testStage.runtime.golang, true, 'traits are inherited through FROM <stage>');
  assert.equal(runtime.image.registry, 'gcr.io');
  assert.deepEqual([runtime.runtime.shellLess, runtime.runtime.staticOnly], [true, true]);
  assert.deepEqual([s.image.resolved, s.runtime.scratch, s.runtime.staticOnly], ['scratch', true, true]);
  assert.equal(u.image.unresolved, true);
  assert.deepEqual([u.runtime.shellLess, u.runtime.scratch], [false, false], 'unresolved images get no traits');
  assert.deepEqual([d.runtime.distroless, d.runtime.shellLess, d.runtime.staticOnly], [true, false, false]);
  assert.equal(model.finalStage, d);
  assert.equal(buildModel('FROM a:1 AS x\nFROM b:1\n', { target: 'X' }).finalStage?.name, 'x');
});

test('stage graph: FROM, COPY --from (name and index), RUN --mount=from', () => {
  const model = buildModel([
    'FROM golang:1.22 AS build', 'FROM alpine:3.20 AS certs',
    'FROM scratch', 'COPY --from=build /app /app', 'COPY --from=1 /etc/ssl /etc/ssl', 'COPY --from=nginx:1 /x /x',
    'RUN --mount=from=certs,target=/c true', 'COPY --from=nope /y /y',
  ].join('\n'));
  const [build, certs, final] = model.stages;
  assert.deepEqual(final.references.map((r) => [r.kind, r.ref, r.target?.index ?? null]), [
    ['copy', 'build', 0], ['copy', '1', 1], ['copy', 'nginx:1', null], ['mount', 'certs', 1], ['copy', 'nope', null],
  ]);
  assert.equal(build.referencedBy.length, 1);
  assert.equal(certs.referencedBy.length, 2);
  assert.deepEqual(final.references[0].range, { start: { line: 3, character: 12 }, end: { line: 3, character: 17 } });
});

test('state: ARG scoping, ENV inheritance, ENV over ARG, WORKDIR, USER, SHELL', () => {
  const model = buildModel([
    'ARG VERSION=1.0', 'FROM alpine:3.20 AS base', 'ENV APP=/srv', 'WORKDIR $APP', 'WORKDIR sub', 'USER app',
    'SHELL ["/bin/ash", "-eo", "pipefail", "-c"]', 'ARG VERSION', 'ARG APP=ignored', 'RUN true',
    'FROM base', 'RUN true', 'ARG TARGETARCH', 'ARG LOCAL=x-${VERSION}', 'RUN true',
  ].join('\n'));
  const i = model.instructions;
  const first = model.stateAt(i[9]);
  assert.equal(first.vars.get('VERSION')?.value, '1.0', 'a re-declared global ARG gets the global default');
  assert.equal(first.vars.get('APP')?.value, '/srv', 'ENV wins over a later ARG');
  assert.equal(first.workdir, '/srv/sub');
  assert.equal(first.user, 'app');
  assert.deepEqual(first.shell, ['/bin/ash', '-eo', 'pipefail', '-c']);
  const child = model.stateAt(i[11]);
  assert.equal(child.vars.get('APP')?.value, '/srv', 'ENV is inherited from the parent stage');
  assert.equal(child.vars.has('VERSION'), false, 'ARGs are not inherited');
  assert.equal(child.workdir, '/srv/sub');
  const last = model.stateAt(i[14]);
  assert.equal(last.vars.get('TARGETARCH')?.value, null);
  assert.equal(last.vars.get('LOCAL')?.value, null, 'VERSION was not declared in this stage: unknown');
});

test('instructions: keyword, ranges, flags with options, JSON and shell forms, heredocs, directives', () => {
  const model = buildModel('# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended\nfrom alpine:3.20\nrun --mount=type=cache,target=/var/cache/apk apk add git\nCMD ["a", "b c"]\nENTRYPOINT exec app\nCOPY <<EOF /etc/x\nhello\nEOF\n');
  assert.deepEqual(model.directives.map((d) => [d.name, d.value]), [['syntax', 'docker/dockerfile:1'], ['check', 'skip=JSONArgsRecommended']]);
  const [from, run, cmd, entrypoint, copy] = model.instructions;
  assert.equal(from.keyword, 'FROM');
  assert.equal(from.rawKeyword, 'from');
  assert.deepEqual(run.flags[0].options.map((o) => [o.name, o.value]), [['type', 'cache'], ['target', '/var/cache/apk']]);
  assert.deepEqual(run.args.map((a) => a.value), ['apk', 'add', 'git']);
  assert.deepEqual([cmd.form, cmd.json?.map((w) => w.value)], ['json', ['a', 'b c']]);
  assert.deepEqual(cmd.json?.[1].range, { start: { line: 4, character: 10 }, end: { line: 4, character: 15 } });
  assert.equal(entrypoint.form, 'shell');
  assert.deepEqual(copy.args.map((a) => a.value), ['<<EOF', '/etc/x']);
  assert.equal(copy.heredocs[0].content, 'hello');
});

test('variable expansion: defaults, alternatives, escapes, unknown values', () => {
  const vars: Record<string, string | null> = { A: 'a', EMPTY: '', NULL: null };
  const lookup = (name: string) => vars[name];
  assert.deepEqual(expandVariables('${A}-$A-${B:-b}-${EMPTY:-e}-${EMPTY-e}-${A:+alt}', lookup), { value: 'a-a-b-e--alt', unresolved: false });
  assert.deepEqual(expandVariables('x-${NULL}', lookup), { value: 'x-${NULL}', unresolved: true });
  assert.deepEqual(expandVariables('$MISSING', lookup), { value: '$MISSING', unresolved: true });
  assert.deepEqual(expandVariables('\\$A', lookup), { value: '$A', unresolved: false });
});

test('instructions: a lone -- ends the flags, the words after it are arguments', () => {
  for (const reuse of [true, false]) {
    const model = buildModel('FROM a:1\nCOPY -- app /app\nCOPY --chown=1 -- --from=x /y\nRUN -- echo hi\n', { reuse });
    const [, copy, guarded, run] = model.instructions;
    assert.deepEqual(copy.flags, []);
    assert.deepEqual(copy.args.map((word) => word.value), ['app', '/app']);
    assert.deepEqual(guarded.flags.map((flag) => flag.name), ['chown']);
    assert.deepEqual(guarded.args.map((word) => word.value), ['--from=x', '/y']);
    assert.deepEqual(guarded.args[0].range, { start: { line: 2, character: 18 }, end: { line: 2, character: 26 } });
    assert.deepEqual(model.shellOf(run)?.commands.map((c) => c.effective.name), ['echo']);
  }
});

test('ONBUILD: the trigger is a typed instruction with its own ranges, listed after it in withTriggers', () => {
  for (const reuse of [true, false]) {
    const model = buildModel('FROM a:1 AS base\nonbuild  RUN apt-get install curl\nONBUILD COPY --from=x /a /b\nRUN true\n', { reuse });
    const [, onbuildRun, onbuildCopy, plain] = model.instructions;
    const trigger = onbuildRun.trigger!;
    assert.equal(trigger.keyword, 'RUN');
    assert.equal(trigger.form, 'shell');
    assert.equal(trigger.text, 'RUN apt-get install curl');
    assert.deepEqual(trigger.keywordRange, { start: { line: 1, character: 9 }, end: { line: 1, character: 12 } });
    assert.equal(trigger.stageIndex, 0);
    assert.deepEqual(model.shellOf(trigger)?.commands.map((command) => command.effective.name), ['apt-get']);
    assert.equal(model.shellOf(onbuildRun), null);
    assert.deepEqual(onbuildCopy.trigger?.flags.map((flag) => [flag.name, flag.value]), [['from', 'x']]);
    assert.equal(plain.trigger, null);
    assert.deepEqual(model.withTriggers, [model.instructions[0], onbuildRun, trigger, onbuildCopy, onbuildCopy.trigger, plain]);
    assert.deepEqual(model.stages[0].instructions, [onbuildRun, onbuildCopy, plain], 'triggers are not instructions of the stage');
  }
});

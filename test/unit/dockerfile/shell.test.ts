import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../dockerfile/model';
import { tokenize } from '../../../dockerfile/shellTokens';
import type { ShellScript } from '../../../dockerfile/shell';

function shellOf(text: string, index = 1): ShellScript {
  const model = buildModel(text);
  const script = model.shellOf(model.instructions[index]);
  assert.ok(script, 'expected a shell-form instruction');
  return script;
}

const names = (script: ShellScript) => script.commands.map((command) => command.name);
const at = (script: ShellScript, text: string) => {
  const lines = text.split(/\r?\n/);
  return script.commands.map((command) => command.argv.map((word) => lines[word.range.start.line].slice(word.range.start.character, word.range.end.character)));
};

test('tokenizer: quoting, escapes, substitutions and operators keep their offsets', () => {
  const source = `echo "a b" 'c d' e\\ f $(date +%s) \`id\` && x || y; z | w 2>&1 >>log <in`;
  const tokens = tokenize(source);
  const words = tokens.flatMap((t) => (t.kind === 'word' ? [t.value] : []));
  assert.deepEqual(words.slice(0, 6), ['echo', 'a b', 'c d', 'e f', '$(date +%s)', '`id`']);
  const ops = tokens.flatMap((t) => (t.kind === 'word' ? [] : [t.op]));
  assert.deepEqual(ops, ['&&', '||', ';', '|', '>&', '>>', '<']);
  for (const token of tokens) if (token.kind === 'word') assert.equal(source.slice(token.start, token.end), token.raw);
});

test('lists, pipelines, env prefixes and wrappers', () => {
  const script = shellOf('FROM golang:1.22\nRUN apt-get update && CGO_ENABLED=0 GOOS=linux go build -o /app . ; curl -fsSL x | sh || true\n');
  assert.deepEqual(names(script), ['apt-get', 'go', 'curl', 'sh', 'true']);
  assert.deepEqual(script.pipelines.map((p) => [p.separator, p.commands.length]), [[null, 1], ['&&', 1], [';', 2], ['||', 1]]);
  const go = script.commands[1];
  assert.deepEqual(go.assignments.map((a) => `${a.name}=${a.value}`), ['CGO_ENABLED=0', 'GOOS=linux']);
  const sudo = shellOf('FROM a:1\nRUN sudo -u root env GOFLAGS=-mod=mod go build ./...\n').commands[0];
  assert.equal(sudo.name, 'sudo');
  assert.equal(sudo.effective.name, 'go');
  assert.deepEqual(sudo.effective.wrappers, ['sudo', 'env']);
  assert.deepEqual(sudo.effective.env.map((a) => a.name), ['GOFLAGS']);
});

test('word ranges map through backslash continuations and comment lines', () => {
  const text = 'FROM a:1\nRUN apk add \\\n    # build deps\n    git \\\n\tmake && \\\n    echo "x  y"\n';
  const script = shellOf(text);
  assert.deepEqual(at(script, text), [['apk', 'add', 'git', 'make'], ['echo', '"x  y"']]);
  assert.deepEqual(script.commands[0].argv[2].range, { start: { line: 3, character: 4 }, end: { line: 3, character: 7 } });
});

test('word ranges map through backtick continuations and CRLF', () => {
  const text = '# escape=`\r\nFROM a:1\r\nRUN apk add `\r\n    # comment\r\n    git `\r\n    && echo C:\\path\r\n';
  const script = shellOf(text);
  assert.deepEqual(at(script, text), [['apk', 'add', 'git'], ['echo', 'C:\\path']]);
  assert.equal(script.commands[1].argv[1].value, 'C:path', 'in the shell a backslash escapes the next character');
});

test('heredoc RUN bodies are parsed as scripts; data heredocs are not', () => {
  const text = 'FROM a:1\nRUN <<EOF\nset -eo pipefail\napk add --no-cache git\ncurl x | tar x\nEOF\nRUN cat <<EOF > /etc/conf\nsudo rm -rf /\nEOF\nRUN python3 <<EOF\nprint("x")\nEOF\n';
  const model = buildModel(text);
  const script = model.shellOf(model.instructions[1])!;
  assert.deepEqual(names(script), ['set', 'apk', 'curl', 'tar']);
  assert.equal(script.pipelines[2].pipefail, true);
  assert.deepEqual(script.commands[1].argv[0].range, { start: { line: 3, character: 0 }, end: { line: 3, character: 3 } });
  assert.deepEqual(names(model.shellOf(model.instructions[2])!), ['cat']);
  assert.deepEqual(names(model.shellOf(model.instructions[3])!), ['python3']);
});

test('pipefail: set -o pipefail, combined flags, +o, and SHELL with pipefail', () => {
  const script = shellOf('FROM a:1\nRUN a | b; set -euxo pipefail; c | d; set +o pipefail; e | f\n');
  const pipes = script.pipelines.filter((p) => p.commands.length > 1).map((p) => p.pipefail);
  assert.deepEqual(pipes, [false, true, false]);
  const model = buildModel('FROM a:1\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN a | b\n');
  assert.equal(model.shellOf(model.instructions[2])!.pipelines[0].pipefail, true);
});

test('compound commands are flattened; substitutions are nested commands', () => {
  const script = shellOf('FROM a:1\nRUN if [ -f x ]; then apk add git; else echo no; fi && for f in a b; do rm $f; done && (cd /x && make) && echo $(git rev-parse HEAD)\n');
  assert.deepEqual(names(script), ['[', 'apk', 'echo', 'rm', 'cd', 'make', 'git', 'echo']);
  assert.equal(script.commands.find((c) => c.name === 'git')?.nested, true);
});

test('quoted operators stay inside words; comments end at the line', () => {
  const script = shellOf('FROM a:1\nRUN echo "a && b" \'c | d\' # trailing && comment\n');
  assert.deepEqual(script.commands.map((c) => c.argv.map((w) => w.value)), [['echo', 'a && b', 'c | d']]);
});

test('exec-form commands have no shell script', () => {
  const model = buildModel('FROM a:1\nCMD ["go", "run", "."]\n');
  assert.equal(model.shellOf(model.instructions[1]), null);
});

test('pipelines in if/elif/while/until conditions are marked; bodies are not', () => {
  const script = shellOf('FROM a:1\nRUN if a | b && c; then d | e; elif f; then g; fi; while h | i; do j; done; until k; do l; done; m\n');
  const marks = script.pipelines.map((p) => `${p.commands.map((c) => c.name).join('|')}:${p.condition ? 'cond' : 'body'}`);
  assert.deepEqual(marks, ['a|b:cond', 'c:cond', 'd|e:body', 'f:cond', 'g:body', 'h|i:cond', 'j:body', 'k:cond', 'l:body', 'm:body']);
});

test('a command after a group without | starts a new pipeline', () => {
  const script = shellOf('FROM a:1\nRUN if [ -n "$X" ]; then (cd /ui && make) else mkdir -p /ui; fi; (cd /x && make) | tee log\n');
  const pipes = script.pipelines.map((p) => p.commands.map((c) => c.name).join('|'));
  assert.deepEqual(pipes, ['[', 'cd', 'make', 'mkdir', 'cd', 'make|tee']);
});

// The final image based on golang:* ships the toolchain; the fix splits builder and runtime.
import { posix } from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Finding, Fix, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';
import { inChain } from '../go/artifacts';
import { runtimeWorkdir } from '../util/stageFiles';
import { programName, startWords } from '../util/startCommand';
import { cgoState, onGolangImage } from '../go/toolchain';
import type { Instruction, Stage } from '../../dockerfile/types';

const STATIC_RUNTIME = 'gcr.io/distroless/static-debian12:nonroot';
const GLIBC_RUNTIME = 'gcr.io/distroless/base-debian12:nonroot';
const MOVED = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'HEALTHCHECK']);
/** What describes the shipped image moves with it; a shell-form HEALTHCHECK cannot run in distroless. */
const moves = (i: Instruction) => MOVED.has(i.keyword) && !(i.keyword === 'HEALTHCHECK' && i.form === 'shell');
const GO_ENV = /^(GO|CGO_|PATH$)/;

export const goSdkInFinalStage: Rule = {
  meta: {
    id: 'go-sdk-in-final-stage', category: 'go', severity: 'warning', aliases: [],
    description: 'The final image is based on golang:*: it ships the ~800 MB Go toolchain and the sources.',
    fixable: true,
  },
  check(ctx) {
    const final = ctx.model.finalStage;
    if (!final || !onGolangImage(final)) return [];
    const root = stageChain(final)[0];
    const chain = stageChain(final);
    const sources = chain.some((stage) => stage.instructions.some((i) => copiesSources(ctx, i)));
    const builds = ctx.goInvocations().filter((inv) => (inv.subcommand === 'build' || inv.subcommand === 'install') && inv.output && inChain(final, inv.stage));
    const words = startWords(ctx.model, final);
    const start = goAtStart(words);
    // A CI image (sources bind-mounted: nothing copied in, nothing built to ship), a toolchain,
    // build or base image (nothing to start), or an image whose program needs Go at run time.
    if (!sources && !builds.length) return [];
    if (words === null) return [];
    // The program comes from another stage, yet the final stage is golang: chosen on purpose
    // (a tool that needs Go at run time behind an entrypoint script, say).
    if (!builds.length && chain.some((stage) => stage.instructions.some((i) => i.keyword === 'COPY' && i.flags.some((flag) => flag.name === 'from')))) return [];
    if (start === 'needs-go' || (start === null && words?.some((word) => RUNS_GO.has(programName(word))))) return [];
    // `CMD ["bash"]`: a development container.
    if (words?.length === 1 && SHELLS.has(programName(words[0]))) return [];
    const ships = ['the Go toolchain (~800 MB)'];
    if (sources) ships.push('the sources');
    const what = start === 'compiles'
      ? `it ships ${ships.join(' and ')} and compiles the program at every container start. Build a binary in a builder stage and copy it into a minimal runtime stage.`
      : `it ships ${ships.join(' and ')}${builds.length ? ' next to a binary of a few MB' : ''}. Copy the binary into a minimal runtime stage.`;
    const finding: Finding = { range: final.image.range, message: `The final image is based on ${root.image.resolved}: ${what}` };
    if (root !== final) finding.related = [{ range: root.image.range, message: `${root.image.resolved} is the base of the final stage through this stage.` }];
    const fix = start === 'compiles' ? null : splitFix(ctx, final);
    if (fix) finding.fixes = [fix];
    return [finding];
  },
};

/** Programs that run the go command (or need GOROOT) at run time: linters, generators, dev servers. */
const RUNS_GO = new Set([
  'air', 'reflex', 'dlv', 'gopls', 'golangci-lint', 'staticcheck', 'gotestsum', 'goreleaser', 'ko', 'mage', 'make', 'task',
  'just', 'mockgen', 'mockery', 'swag', 'wire', 'gqlgen', 'ent', 'templ', 'oapi-codegen', 'buf', 'protoc', 'gofmt',
  'goimports', 'govulncheck', 'gosec', 'revive', 'hugo', 'xcaddy', 'operator-sdk', 'kubebuilder', 'controller-gen',
]);
const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh']);

/**
 * What the start command does with go: `go run .`/`go build` compiles the program at start
 * (`compiles`); other go subcommands (test, generate, vet, tool, env ...) are the image's purpose
 * (`needs-go`); null when it does not run go.
 */
function goAtStart(words: string[] | null): 'compiles' | 'needs-go' | null {
  if (!words) return null;
  let result: 'compiles' | 'needs-go' | null = null;
  words.forEach((word, i) => {
    if (programName(word) !== 'go') return;
    const sub = words.slice(i + 1).find((next) => !next.startsWith('-'));
    if (sub === 'run' || sub === 'build') result ??= 'compiles';
    else result = 'needs-go';
  });
  return result;
}

/** A COPY/ADD of the build context other than go.mod/go.sum (a vendored module list): sources. */
function copiesSources(ctx: RuleContext, instruction: Instruction): boolean {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  if (instruction.flags.some((flag) => flag.name === 'from')) return false;
  if (instruction.heredocs.length) return false;
  const sources = instruction.args.slice(0, -1).map((word) => word.value.replace(/^\.\//, ''));
  return sources.some((source) => !/^(go\.(mod|sum|work|work\.sum))$/.test(source));
}

function splitFix(ctx: RuleContext, final: Stage): Fix | null {
  const { model } = ctx;
  if (model.stages[model.stages.length - 1] !== final) return null;
  const builds = ctx.goInvocations().filter((inv) => inv.subcommand === 'build' && inv.output && !inv.output.path.includes('$') && inChain(final, inv.stage));
  const build = builds[builds.length - 1];
  if (!build?.output) return null;
  const cgo = cgoState(model, build);
  if (cgo === 'on' && build.stage.runtime.musl) return null;
  const runtimeImage = cgo === 'on' ? GLIBC_RUNTIME : STATIC_RUNTIME;
  const lower = final.from.rawKeyword === final.from.rawKeyword.toLowerCase();
  const kw = (keyword: string) => (lower ? keyword.toLowerCase() : keyword);
  const builderName = final.name ?? uniqueName(ctx, 'builder');
  const output = build.output.path;

  const edits = [];
  if (!final.name) edits.push(ctx.insertAt(final.from.args[0].range.end, ` ${kw('AS')} ${builderName}`));
  // No CGO_ENABLED anywhere: make the binary static for distroless/static (on any golang tag).
  const cgoAdded = cgo !== 'off' && cgo !== 'on' && !build.env.has('CGO_ENABLED');
  if (cgoAdded) edits.push(ctx.insertAt(build.command.argv[0].range.start, 'CGO_ENABLED=0 '));
  if (!build.output.word) edits.push(ctx.insertAt(build.subcommandWord.range.end, ` -o ${posix.basename(output)}`));

  const own = final.instructions;
  const moved = own.filter(moves);
  const inherited = stageChain(final).slice(0, -1).flatMap((stage) => stage.instructions);
  const runs = moved.some((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
    ? []
    : inherited.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT').slice(-1);
  const envs = [...inherited, ...own].filter((i) => i.keyword === 'ENV' && i.properties.length && i.properties.every((p) => !GO_ENV.test(p.name)));
  const anchor = [...own].reverse().find((i) => !moves(i)) ?? final.from;

  const workdir = workdirAtEnd(ctx, final);
  const program = programOf(ctx, [...runs, ...moved]);
  const dest = program && !program.includes('/') && program === posix.basename(output) ? `/usr/local/bin/${program}` : output;
  // `./server` run from the WORKDIR is the copied binary: name it by its absolute path instead.
  const relativeProgram = program !== null && !program.startsWith('/') && program.includes('/') && posix.resolve(workdir, program) === output ? program : null;
  const runLast = (i: Instruction) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT';
  const described = [...moved.filter((i) => !runLast(i)), ...runs, ...moved.filter(runLast)].map((instruction) => {
    const line = execFormOf(ctx, instruction) ?? instruction.text;
    return relativeProgram && runLast(instruction) && line.includes(`[${JSON.stringify(relativeProgram)}`)
      ? line.replace(`[${JSON.stringify(relativeProgram)}`, `[${JSON.stringify(dest)}`) : line;
  });
  // Only the binary is copied, so the runtime stage needs a WORKDIR only for a program named by a
  // path relative to it (or one not known).
  const programIsAbsolute = program !== null && (program.startsWith('/') || !program.includes('/') || relativeProgram !== null);
  const lines = ['', `${kw('FROM')} ${runtimeImage}`];
  if (workdir !== '/' && !programIsAbsolute) lines.push(`${kw('WORKDIR')} ${workdir}`);
  for (const env of envs) lines.push(env.text);
  lines.push(`${kw('COPY')} --from=${builderName} ${output} ${dest}`);
  lines.push(...described);
  for (const instruction of moved) edits.push(withBlankLinesBefore(ctx, ctx.deleteInstruction(instruction)));
  edits.push(ctx.insertLinesAfter(anchor, lines));
  return {
    title: `Split into a ${builderName} stage and a ${runtimeImage.replace(/^gcr\.io\//, '')} runtime stage${cgoAdded ? ' (CGO_ENABLED=0: the first build recompiles the standard library)' : ''}`,
    edits, preferred: true,
  };
}

/** A deleted instruction takes the blank lines just above it along, so none pile up where it was. */
function withBlankLinesBefore(ctx: RuleContext, edit: TextEdit): TextEdit {
  let line = edit.range.start.line;
  while (line > 0 && ctx.model.lines[line - 1].trim() === '') line--;
  return { ...edit, range: { ...edit.range, start: { line, character: 0 } } };
}

function uniqueName(ctx: RuleContext, base: string): string {
  const taken = new Set(ctx.model.stages.map((stage) => stage.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

function workdirAtEnd(ctx: RuleContext, final: Stage): string {
  const workdir = runtimeWorkdir(ctx.model, final);
  return workdir.includes('$') ? '/' : workdir;
}

/** The program the image runs: ENTRYPOINT's first word, else CMD's. */
function programOf(ctx: RuleContext, instructions: Instruction[]): string | null {
  const pick = (keyword: string) => [...instructions].reverse().find((i) => i.keyword === keyword);
  const instruction = pick('ENTRYPOINT') ?? pick('CMD');
  if (!instruction) return null;
  if (instruction.form === 'json') return instruction.json?.[0]?.value ?? null;
  return ctx.model.shellOf(instruction)?.commands[0]?.argv[0]?.value ?? null;
}

/** `CMD ./server --port 8080` → `CMD ["./server", "--port", "8080"]` when it is plain words. */
function execFormOf(ctx: RuleContext, instruction: Instruction): string | null {
  if (instruction.keyword === 'EXPOSE' || instruction.form !== 'shell') return null;
  const script = ctx.model.shellOf(instruction);
  if (!script || script.pipelines.length !== 1 || script.commands.length !== 1) return null;
  const command = script.commands[0];
  if (command.assignments.length || command.redirects.length || command.argv.some((word) => word.dynamic)) return null;
  return `${instruction.rawKeyword} [${command.argv.map((word) => JSON.stringify(word.value)).join(', ')}]`;
}


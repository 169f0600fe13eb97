// Where the binaries of `go build` go: which `COPY --from` picks up which build's output, and
// which stage chain a build belongs to. Shared by the Go rules that follow a binary from its
// builder into the runtime stage (cgo, flags, missing artifact, CA certificates).
import { posix } from 'node:path';
import type { GoInvocation } from './invocations';
import { stageChain } from '../../dockerfile/stages';
import { destinationIsDirectory, existingDirectory } from '../util/stageFiles';
import type { DockerfileModel, Instruction, Stage, Word } from '../../dockerfile/types';

/** The stage whose files `stage` contains: itself or one of its parents. */
export function inChain(stage: Stage, candidate: Stage): boolean {
  return stageChain(stage).includes(candidate);
}

export interface CopyPaths {
  instruction: Instruction;
  /** The stage named in `--from`, null for the build context or an external image. */
  from: Stage | null;
  fromWord: Word | null;
  /** Source words with their paths expanded (null when a variable is unknown). */
  sources: Array<{ word: Word; path: string | null }>;
  /** `isDir`: the sources go into it keeping their names (a trailing slash, `.`, an existing directory). */
  dest: { word: Word; path: string | null; isDir: boolean } | null;
}

// Per model: the same instruction object can serve several models (see parseInstructions) while
// its paths depend on the stages, variables and WORKDIR around it.
const copyPathsCache = new WeakMap<DockerfileModel, Map<Instruction, CopyPaths | null>>();
const nameCountCache = new WeakMap<DockerfileModel, Map<string, number>>();

function nameCounts(model: DockerfileModel): Map<string, number> {
  let counts = nameCountCache.get(model);
  if (!counts) {
    counts = new Map();
    for (const stage of model.stages) if (stage.name) counts.set(stage.name, (counts.get(stage.name) ?? 0) + 1);
    nameCountCache.set(model, counts);
  }
  return counts;
}

/** Sources and destination of a COPY/ADD, with `--from` resolved to a stage (cached per model and instruction). */
export function copyPaths(model: DockerfileModel, instruction: Instruction): CopyPaths | null {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return null;
  let cache = copyPathsCache.get(model);
  if (!cache) copyPathsCache.set(model, (cache = new Map()));
  let paths = cache.get(instruction);
  if (paths === undefined) cache.set(instruction, (paths = computeCopyPaths(model, instruction)));
  return paths;
}

function computeCopyPaths(model: DockerfileModel, instruction: Instruction): CopyPaths | null {
  const words = instruction.args;
  // The JSON form (`COPY ["a", "b"]`) is rare and its words are not paths: not judged.
  if (words.length < 2 || instruction.heredocs.length || words[0].value.startsWith('[')) return null;
  const fromFlag = instruction.flags.find((flag) => flag.name === 'from');
  let from: Stage | null = null;
  if (fromFlag?.value) {
    const ref = model.expand(fromFlag.value, instruction);
    // Two stages with that name is a build error of its own (duplicate-stage-name): no guessing.
    if (!ref.unresolved && (nameCounts(model).get(ref.value.toLowerCase()) ?? 0) <= 1) from = model.stageByRef(ref.value);
  }
  const expand = (word: Word) => {
    const expanded = model.expand(word.value, instruction);
    return expanded.unresolved ? null : expanded.value;
  };
  const destWord = words[words.length - 1];
  const destRaw = expand(destWord);
  const workdir = model.stateAt(instruction)?.workdir ?? '/';
  const sources = words.slice(0, -1).map((word) => ({ word, path: expand(word) }));
  const destPath = destRaw === null || destRaw.includes('$') ? null : posix.resolve(workdir, destRaw);
  const stage = model.stages[instruction.stageIndex];
  // Without a trailing slash, the destination is a directory only when one exists there.
  const isDir = destRaw === null ? false
    : destinationIsDirectory(destRaw, sources.length) ?? (destPath !== null && existingDirectory(model, stage, instruction, destPath));
  return {
    instruction, from, fromWord: fromFlag?.valueRange ? { value: fromFlag.value ?? '', range: fromFlag.valueRange } : null,
    sources,
    dest: { word: destWord, path: destPath, isDir },
  };
}

/** True when copying `source` (a path in the source stage, relative to its root) takes `file` along. */
export function sourceCovers(source: string, file: string): boolean {
  const src = posix.resolve('/', source);
  if (src === file || src === '/') return true;
  if (file.startsWith(src + '/')) return true;
  return /[*?[]/.test(src) && globToRegExp(src).test(file);
}

function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    if (ch === '*') pattern += '[^/]*';
    else if (ch === '?') pattern += '[^/]';
    else if (ch === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) pattern += '\\[';
      else {
        pattern += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else pattern += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A matched directory brings its contents along.
  return new RegExp(`^${pattern}(/.*)?$`);
}

/** A `COPY --from` that takes the binary of a go build (or go install) into another stage. */
export interface ArtifactCopy {
  build: GoInvocation;
  copy: CopyPaths;
  /** The matching source word. */
  source: Word;
  /** The stage the binary is copied into. */
  into: Stage;
}

const byStageCache = new WeakMap<readonly GoInvocation[], Map<Stage, GoInvocation[]>>();

/** Go invocations of the stage and its parents, in document order (indexed once per list). */
export function invocationsInChain(invocations: readonly GoInvocation[], stage: Stage): GoInvocation[] {
  let byStage = byStageCache.get(invocations);
  if (!byStage) {
    byStage = new Map();
    for (const inv of invocations) byStage.set(inv.stage, [...(byStage.get(inv.stage) ?? []), inv]);
    byStageCache.set(invocations, byStage);
  }
  return stageChain(stage).flatMap((s) => byStage!.get(s) ?? []);
}

/** `go build` / `go install` runs with a resolved output path, in the stage or its parents. */
function buildsInChain(invocations: readonly GoInvocation[], stage: Stage): GoInvocation[] {
  return invocationsInChain(invocations, stage).filter((inv) => (inv.subcommand === 'build' || inv.subcommand === 'install') && inv.output !== null && !inv.output.path.includes('$'));
}

const copyCache = new WeakMap<DockerfileModel, Map<readonly GoInvocation[], ArtifactCopy[]>>();

/** Every COPY --from in the file that takes some go build's output along (cached per model). */
export function artifactCopies(model: DockerfileModel, invocations: readonly GoInvocation[]): ArtifactCopy[] {
  let byList = copyCache.get(model);
  if (!byList) copyCache.set(model, (byList = new Map()));
  const cached = byList.get(invocations);
  if (cached) return cached;
  const result: ArtifactCopy[] = [];
  for (const stage of model.stages) {
    for (const instruction of stage.instructions) {
      const copy = copyPaths(model, instruction);
      if (!copy?.from || copy.from === stage) continue;
      for (const build of buildsInChain(invocations, copy.from)) {
        const source = copy.sources.find((s) => s.path !== null && sourceCovers(s.path, build.output!.path));
        if (source) result.push({ build, copy, source: source.word, into: stage });
      }
    }
  }
  byList.set(invocations, result);
  return result;
}

/** The range of `go build` (from the command name to the subcommand word). */
export function goCommandRange(inv: GoInvocation): Word['range'] {
  return { start: inv.command.argv[0].range.start, end: inv.subcommandWord.range.end };
}

/** True when a go build's binary ends up in the final image (built in its chain or copied in). */
export function reachesFinal(model: DockerfileModel, invocations: readonly GoInvocation[], build: GoInvocation): boolean {
  const final = model.finalStage;
  if (!final) return false;
  if (inChain(final, build.stage)) return true;
  return artifactCopies(model, invocations).some((copy) => copy.build === build && inChain(final, copy.into));
}

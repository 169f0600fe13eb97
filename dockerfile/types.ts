// The Dockerfile model every rule reads. Plain data with document ranges: rules never touch the
// parser's objects, so the parser can change (or be cached per chunk) without touching rules.
import type { Range } from 'vscode-languageserver-types';
import type { ImageReference } from '../common/imageRef';
import type { ShellScript } from './shell';

export type { Range };

export interface ParserDirective {
  /** Lower-cased name: `escape`, `syntax`, `check`. */
  name: string;
  value: string;
  range: Range;
  valueRange: Range;
}

/** A word of an instruction as written (quotes kept), with its document range. */
export interface Word {
  value: string;
  range: Range;
}

export interface Flag {
  /** Name without the leading `--`, as written (BuildKit flag names are case-sensitive). */
  name: string;
  /** Null for a bare `--flag`. */
  value: string | null;
  range: Range;
  nameRange: Range;
  valueRange: Range | null;
  /** `key=value` pairs of comma-separated flags such as `--mount=type=cache,target=/x`. */
  options: FlagOption[];
}

export interface FlagOption {
  name: string;
  value: string | null;
  range: Range;
  valueRange: Range | null;
}

/** `NAME=value` of ENV, ARG, LABEL (value unquoted; null when absent, e.g. `ARG X`). */
export interface Property {
  name: string;
  value: string | null;
  range: Range;
  nameRange: Range;
  valueRange: Range | null;
}

export interface Heredoc {
  name: string;
  /** True for `<<-EOF` (leading tabs stripped). */
  stripTabs: boolean;
  /** The body without the terminator line; null when empty. */
  contentRange: Range | null;
  content: string;
  /** The whole heredoc: from the line after the instruction line through the terminator. */
  range: Range;
}

export type CommandForm = 'json' | 'shell' | 'none';

export interface Instruction {
  /** Position in document order (0-based, over all instructions). */
  index: number;
  /** Upper-cased keyword (`RUN`, `FROM`, or the unknown word as written, upper-cased). */
  keyword: string;
  /** The keyword as written (`run`). */
  rawKeyword: string;
  range: Range;
  keywordRange: Range;
  /** Flags before the arguments (`--from=`, `--mount=`, `--platform=`...). */
  flags: Flag[];
  /** Arguments after the flags, as written (for JSON form: the decoded strings, see `json`). */
  args: Word[];
  /** Range from the first argument to the end of the instruction's arguments; null if none. */
  argsRange: Range | null;
  /** For RUN/CMD/ENTRYPOINT/SHELL/HEALTHCHECK: exec (JSON array) or shell form. */
  form: CommandForm;
  /** JSON form: the decoded array elements with their ranges. */
  json: Word[] | null;
  /** ENV/ARG/LABEL properties. */
  properties: Property[];
  heredocs: Heredoc[];
  /** Index of the stage this instruction belongs to; -1 for instructions before the first FROM. */
  stageIndex: number;
  /** The instruction's text from the document (continuations and heredocs included). */
  text: string;
  /**
   * ONBUILD only: the trigger instruction (`ONBUILD RUN x` → the RUN), with its own document
   * ranges and text. It shares the ONBUILD's `index` and `stageIndex`; it runs when an image is
   * built FROM this one, not in this stage. Null for every other instruction.
   */
  trigger: Instruction | null;
}

/** A FROM image: the reference's parts (common/imageRef.ts) after ARG substitution, and where it is written. */
export interface ImageRef extends ImageReference {
  /** As written in the FROM line. */
  raw: string;
  /** After ARG substitution (unresolved variables left as written). */
  resolved: string;
  /** True when a variable could not be resolved: never judge such a reference. */
  unresolved: boolean;
  range: Range;
}

export interface RuntimeTraits {
  scratch: boolean;
  distroless: boolean;
  /** No /bin/sh: scratch or distroless without `:debug`. */
  shellLess: boolean;
  /** Only static binaries run: scratch or distroless/static*. */
  staticOnly: boolean;
  /** musl libc: alpine and its derivatives (golang:*-alpine, ...). */
  musl: boolean;
  /** Official Go toolchain image (`golang:*`). */
  golang: boolean;
}

/** A reference from one stage to another (or to an external image). */
export interface StageReference {
  kind: 'from' | 'copy' | 'mount';
  /** The name/index/image as written. */
  ref: string;
  range: Range;
  instruction: Instruction;
  /** The referenced stage, or null for an external image or an unknown name. */
  target: Stage | null;
}

export interface Stage {
  index: number;
  /** Name after `AS`, lower-cased as BuildKit does; null if unnamed. */
  name: string | null;
  nameRange: Range | null;
  from: Instruction;
  image: ImageRef;
  /** The stage named in FROM (`FROM builder`), else null. */
  parent: Stage | null;
  /** Instructions of the stage, FROM first. */
  instructions: Instruction[];
  /** Traits of the base image, inherited through `parent`. */
  runtime: RuntimeTraits;
  /** FROM parent, COPY --from, RUN --mount=from. */
  references: StageReference[];
  /** Stages whose FROM/COPY/mount reference this one. */
  referencedBy: StageReference[];
}

/** Variable state before an instruction runs. */
export interface VariableValue {
  /** Null: declared without value (`ARG X`), unknown at lint time. */
  value: string | null;
  source: 'ARG' | 'ENV';
  instruction: Instruction | null;
}

export type Scope = ReadonlyMap<string, VariableValue>;

export interface InstructionState {
  /** Variables visible to the instruction (ENV of parents, stage ARGs/ENVs, build-time defaults). */
  vars: Scope;
  /** Absolute working directory ('/' by default; may contain unresolved `$VAR`). */
  workdir: string;
  /** USER in effect (null when never set in the stage chain). */
  user: string | null;
  /** SHELL in effect (default `["/bin/sh","-c"]`). */
  shell: readonly string[];
}

export interface DockerfileModel {
  text: string;
  eol: '\n' | '\r\n';
  escapeChar: '\\' | '`';
  lines: readonly string[];
  directives: ParserDirective[];
  instructions: Instruction[];
  /**
   * `instructions`, each ONBUILD followed by its trigger: for rules that judge an instruction on
   * its own (a RUN's commands), which hold as well when a child image runs the trigger.
   */
  withTriggers: Instruction[];
  /** ARGs before the first FROM. */
  globalArgs: Instruction[];
  stages: Stage[];
  /** The image that gets built: the `target` stage when given and found, else the last stage. */
  finalStage: Stage | null;
  offsetAt(position: { line: number; character: number }): number;
  positionAt(offset: number): { line: number; character: number };
  /** Stage by name (case-insensitive) or numeric index, as BuildKit resolves `--from`. */
  stageByRef(ref: string, before?: Stage): Stage | null;
  stateAt(instruction: Instruction): InstructionState;
  /** Substitutes `$VAR`, `${VAR}`, `${VAR:-x}`... with the state before `instruction`. */
  expand(text: string, instruction: Instruction): Expansion;
  /** The shell script of a shell-form RUN/CMD/ENTRYPOINT/HEALTHCHECK (parsed once, cached). */
  shellOf(instruction: Instruction): ShellScript | null;
}

export interface Expansion {
  value: string;
  /** True when some variable had no known value. */
  unresolved: boolean;
}

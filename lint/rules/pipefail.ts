// pipefail: in `a | b` only b's exit status counts, so a failing download can go unnoticed.
import type { Range } from 'vscode-languageserver-types';
import type { Finding, Fix, Rule, RuleContext } from '../rule';
import type { Pipeline, ShellScript, SimpleCommand } from '../../dockerfile/shell';
import type { Instruction, Stage } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';
import { binSh, hasBash } from '../util/binSh';

/** Shells with `set -o pipefail`. dash (Debian's /bin/sh) has none: a prefix would break the build. */
const PIPEFAIL_SHELLS = new Set(['bash', 'ash', 'zsh', 'ksh', 'mksh', 'busybox']);
/** Producers whose failure does not matter, or which always "fail" with SIGPIPE (`yes | x`). */
const HARMLESS_PRODUCERS = new Set(['echo', 'printf', 'yes', 'true', 'cat']);
/**
 * Producers that only read local state (`find … | xargs rm`, `dpkg-query … | awk`, `locale -a | grep`):
 * they rarely fail, and when they do the pipe's outcome is what the author accepted.
 */
const LOCAL_QUERIES = new Set(['find', 'ls', 'locale', 'dpkg', 'dpkg-query', 'ldd', 'readelf', 'scanelf', 'objdump', 'nm',
  'grep', 'egrep', 'fgrep', 'sort', 'uniq', 'cut', 'tr', 'awk', 'gawk', 'mawk', 'sed', 'head', 'tail', 'wc', 'env', 'printenv',
  'id', 'uname', 'date', 'seq', 'basename', 'dirname', 'which', 'stat', 'du', 'df', 'ps', 'tac', 'getent', 'lsb_release', 'nproc',
  'arch', 'dpkg-architecture', 'xargs', 'tee']);
const BASH_SHELL = 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]';

export const pipefail: Rule = {
  meta: {
    id: 'pipefail',
    category: 'security',
    severity: 'warning',
    aliases: ['DL4006'],
    description: 'A pipe in RUN without pipefail whose first command can fail unseen: only the last command\'s exit status counts.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN' || instruction.form !== 'shell') continue;
      const stage = ctx.stageOf(instruction);
      const script = ctx.model.shellOf(instruction);
      if (!stage || !script) continue;
      for (const pipeline of script.pipelines) {
        const masked = maskedCommand(pipeline, stage);
        if (!masked || guarded(script, pipeline)) continue;
        const runner = shellOf(ctx, instruction, stage, pipeline);
        if (!runner) continue;
        findings.push(finding(ctx, instruction, stage, script, pipeline, masked, runner));
        break;
      }
    }
    return findings;
  },
};

/** How the pipeline's shell handles pipefail: `set -o pipefail` works, dash (none), or unknown. */
interface Runner {
  kind: 'pipefail' | 'dash' | 'unknown';
  /** The script names its shell (shebang, `RUN sh <<EOF`): a SHELL instruction does not change it. */
  explicit: boolean;
}

/**
 * The first command before the last whose failure the pipeline's status does not show, or null.
 * A failure shows when the next command fails on empty or truncated input (`tar -x`, `gzip -d`,
 * `gpg --import`, `sha256sum -c`) and that command's own failure shows.
 */
function maskedCommand(pipeline: Pipeline, stage: Stage): SimpleCommand | null {
  const commands = pipeline.commands;
  if (pipeline.pipefail || pipeline.condition || commands.length < 2 || commands[0].nested) return null;
  let shows = true;
  let masked: SimpleCommand | null = null;
  for (let i = commands.length - 2; i >= 0; i--) {
    shows = shows && failsOnEmptyInput(commands[i + 1], stage);
    if (!shows && !harmless(commands[i])) masked = commands[i];
  }
  return masked;
}

function harmless(command: SimpleCommand): boolean {
  return LOCAL_QUERIES.has(command.effective.name ?? '') || literal(command);
}

/** Prints a literal (`echo`, `printf`, `cat <<EOF`; `cat file` fails when the file is missing), or `yes`/`true`. */
function literal(command: SimpleCommand): boolean {
  const name = command.effective.name ?? '';
  return HARMLESS_PRODUCERS.has(name) && !(name === 'cat' && command.effective.args.length > 0);
}

/** Consumers that exit non-zero when their input is empty or cut short (checked with GNU and BusyBox). */
function failsOnEmptyInput(command: SimpleCommand, stage: Stage): boolean {
  const name = command.effective.name ?? '';
  const args = command.effective.args.map((word) => word.value);
  const short = (letter: string) => args.some((arg) => new RegExp(`^-[a-zA-Z]*${letter}`).test(arg));
  switch (name) {
    case 'tar': case 'bsdtar':
      // `tar xzf -`, `tar -xz`, `tar --extract`.
      return args.some((arg) => arg === '--extract' || arg === '--get') || short('x') || /^[a-wyzA-Z]*x/.test(args[0] ?? '');
    case 'gunzip': case 'zcat': case 'bunzip2': case 'bzcat': case 'unzstd': case 'zstdcat': case 'unzip': case 'funzip':
      return true;
    case 'gzip': case 'bzip2': case 'zstd': case 'pigz':
      return short('d') || args.includes('--decompress') || args.includes('--uncompress');
    case 'xz': case 'unxz': case 'xzcat': case 'lzma': case 'unlzma':
      // BusyBox unxz exits 0 on empty input.
      if (binSh(stage) === 'ash') return false;
      return name !== 'xz' && name !== 'lzma' || short('d') || args.includes('--decompress');
    case 'gpg': case 'gpg2':
      return args.some((arg) => arg === '--import' || arg === '--dearmor' || arg === '--enarmor');
    case 'apt-key':
      return args.includes('add');
    case 'rpm':
      return args.includes('--import');
    case 'sha1sum': case 'sha224sum': case 'sha256sum': case 'sha384sum': case 'sha512sum': case 'md5sum': case 'b2sum': case 'shasum': case 'cksum':
      return args.includes('--check') || short('c');
    case 'patch':
      return true;
    case 'grep': case 'egrep': case 'fgrep':
      // No line selected exits 1: `gpg --fingerprint … | grep "<fingerprint>"` fails when gpg printed nothing.
      return !args.some((arg) => /^(?:-[a-zA-Z]*[vcL]|--invert-match|--count|--files-without-match)/.test(arg));
    case 'cpio':
      return args.includes('--extract') || short('i');
    default:
      return false;
  }
}

/** `a | b || fallback`: the author handles the failure (and with `|| true`, pipefail changes nothing). */
function guarded(script: ShellScript, pipeline: Pipeline): boolean {
  const rest = script.pipelines.slice(script.pipelines.indexOf(pipeline) + 1).filter((p) => !p.commands[0]?.nested);
  for (const next of rest) {
    if (next.separator === '||') return true;
    if (next.separator !== '&&') return false;
  }
  return false;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function fromSh(sh: ReturnType<typeof binSh>, explicit: boolean): Runner | null {
  // Windows runs cmd; in an image without a shell the RUN cannot start at all.
  if (sh === 'cmd' || sh === 'none') return null;
  if (sh === 'ash' || sh === 'bash') return { kind: 'pipefail', explicit };
  return { kind: sh === 'dash' ? 'dash' : 'unknown', explicit };
}

/** The shell that runs the pipeline, or null when it is not a POSIX shell (PowerShell, cmd, python). */
function shellOf(ctx: RuleContext, instruction: Instruction, stage: Stage, pipeline: Pipeline): Runner | null {
  const shebang = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(pipeline.source.text);
  if (shebang) {
    const program = basename(shebang[1]) === 'env' ? shebang[2] ?? '' : basename(shebang[1]);
    return named(program, stage, true);
  }
  const firstCommand = ctx.model.shellOf(instruction)?.commands[0];
  if (instruction.heredocs.length && firstCommand && firstCommand !== pipeline.commands[0]) {
    const runner = named(firstCommand.effective.name ?? '', stage, true);
    if (runner) return runner;
  }
  const shell = ctx.model.stateAt(instruction)?.shell ?? ['/bin/sh', '-c'];
  return named(basename(shell[0] ?? ''), stage, false);
}

function named(program: string, stage: Stage, explicit: boolean): Runner | null {
  if (PIPEFAIL_SHELLS.has(program)) return { kind: 'pipefail', explicit };
  if (program === 'sh') return fromSh(binSh(stage), explicit);
  if (program === 'dash') return { kind: 'dash', explicit };
  return null;
}

function finding(ctx: RuleContext, instruction: Instruction, stage: Stage, script: ShellScript, pipeline: Pipeline,
  masked: SimpleCommand, runner: Runner): Finding {
  const producer = masked.effective.name ?? masked.name ?? 'the first command';
  const last = pipeline.commands[pipeline.commands.length - 1];
  const consumer = last.effective.name ?? last.name ?? 'the last command';
  let message = `Pipe without pipefail: if ${producer} fails, the failure is masked (only ${consumer}'s exit status counts).`;
  const fixes: Fix[] = [];
  if (runner.kind === 'pipefail') {
    const hazard = pipefailHazard([script]);
    if (hazard) message += ` No fix offered: with pipefail ${hazard}.`;
    else fixes.push(prefixFix(ctx, instruction, pipeline));
  } else if (runner.explicit) {
    message += runner.kind === 'dash'
      ? ' The script runs with dash, which has no pipefail: run it with bash and set -o pipefail.'
      : ' Set -o pipefail if its shell supports it (bash, ash), or run it with bash.';
  } else if (hasBash(ctx.model, stage, instruction)) {
    message += runner.kind === 'dash'
      ? ` /bin/sh is dash on this Debian/Ubuntu-based image and has no pipefail option: add ${BASH_SHELL} before this RUN.`
      : ` /bin/sh may lack pipefail here, but bash is installed: add ${BASH_SHELL} before this RUN.`;
    const hazard = shellHazard(ctx, instruction, stage);
    if (hazard) message += ` No fix offered: under that SHELL ${hazard}.`;
    else fixes.push({ title: `Insert ${BASH_SHELL} before this RUN`, edits: [ctx.insertLinesBefore(instruction, [BASH_SHELL])], preferred: true, safe: false });
  } else {
    message += ` Which shell /bin/sh is in this image is unknown: with bash, use ${BASH_SHELL}; with ash, set -o pipefail; with dash, restructure the pipe.`;
  }
  return { range: pipeRange(ctx, pipeline, masked), message, fixes };
}

/**
 * Why turning pipefail on would fail a pipe that works today: `yes | x` and `x | head` end with
 * SIGPIPE. Conditions and `||`-guarded pipes only change their branch, not the build.
 */
function pipefailHazard(scripts: ShellScript[]): string | null {
  for (const script of scripts) {
    for (const pipeline of script.pipelines) {
      if (pipeline.pipefail || pipeline.condition || pipeline.commands.length < 2 || guarded(script, pipeline)) continue;
      const commands = pipeline.commands;
      if (commands.slice(0, -1).some((command) => command.effective.name === 'yes')) return '`yes | …` would fail (yes ends with SIGPIPE)';
      const early = commands.slice(1).find((command, i) => !literal(commands[i]) && (command.effective.name === 'head'
        || command.effective.name === 'grep' && command.effective.args.some((word) => /^(-[a-zA-Z]*[qm]|--quiet|--silent|--max-count)/.test(word.value))));
      if (early) return `\`… | ${early.effective.name}\` could fail (the command before it may end with SIGPIPE when ${early.effective.name} stops reading)`;
    }
  }
  return null;
}

/**
 * Why a SHELL line before `instruction` would change what later instructions do: every shell-form
 * RUN/CMD/ENTRYPOINT after it (in this stage and the stages built FROM it) runs with bash and pipefail.
 */
function shellHazard(ctx: RuleContext, instruction: Instruction, stage: Stage): string | null {
  const affected = new Set<Instruction>();
  for (const s of ctx.model.stages) {
    const chain = stageChain(s);
    if (!chain.includes(stage)) continue;
    let reached = false;
    walk: for (const link of chain.slice(chain.indexOf(stage))) {
      for (const later of link.instructions) {
        reached ||= later === instruction;
        if (!reached) continue;
        if (later.keyword === 'SHELL') break walk;
        if (['RUN', 'CMD', 'ENTRYPOINT'].includes(later.keyword) && later.form === 'shell') affected.add(later);
      }
    }
  }
  const scripts = [...affected].flatMap((later) => ctx.model.shellOf(later) ?? []);
  const hazard = pipefailHazard(scripts);
  if (hazard) return hazard;
  // dash's echo expands `\n`, bash's does not.
  const echo = scripts.flatMap((script) => script.commands).find((command) => command.effective.name === 'echo' && command.effective.args.some((word) => word.value.includes('\\')));
  return echo ? 'echo would stop expanding backslash escapes (dash\'s echo expands them, bash\'s does not)' : null;
}

/** The `|` after the masked command, else the whole pipeline. */
function pipeRange(ctx: RuleContext, pipeline: Pipeline, masked: SimpleCommand): Range {
  const index = pipeline.commands.indexOf(masked);
  const [first, second] = [pipeline.commands[index], pipeline.commands[index + 1]];
  const from = ctx.model.offsetAt(first.range.end);
  const to = ctx.model.offsetAt(second.range.start);
  const bar = ctx.text.indexOf('|', from);
  if (bar >= 0 && bar < to) return { start: ctx.model.positionAt(bar), end: ctx.model.positionAt(bar + 1) };
  return pipeline.range;
}

function prefixFix(ctx: RuleContext, instruction: Instruction, pipeline: Pipeline): Fix {
  const heredoc = instruction.heredocs.find((h) => h.contentRange && ctx.model.offsetAt(h.contentRange.start) <= ctx.model.offsetAt(pipeline.range.start)
    && ctx.model.offsetAt(pipeline.range.start) <= ctx.model.offsetAt(h.contentRange.end));
  if (heredoc?.contentRange) {
    // In a script, a line of its own at the top (after a shebang).
    const shebang = /^#![^\n]*\n/.exec(heredoc.content);
    const at = ctx.model.positionAt(ctx.model.offsetAt(heredoc.contentRange.start) + (shebang ? shebang[0].length : 0));
    return { title: 'Add set -o pipefail to the script', edits: [ctx.insertAt(at, `set -o pipefail${ctx.eol}`)], preferred: true, safe: false };
  }
  const first = instruction.args[0];
  return { title: 'Prefix the command with set -o pipefail', edits: [ctx.insertAt(first.range.start, 'set -o pipefail && ')], preferred: true, safe: false };
}

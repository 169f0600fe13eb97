// deps-cache-order: Node/Python dependencies installed after `COPY . .` with no earlier copy of
// the manifest, so every source edit re-installs them.
import { posix } from 'node:path';
import type { Finding, Fix, Rule } from '../rule';
import type { SimpleCommand } from '../../dockerfile/shell';
import type { Instruction } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { wholeContextCopies, type ContextCopy } from '../util/contextCopies';
import { optionValues, packageCommand } from '../util/packages';
import { inheritedInstructionsBefore } from '../util/stages';

interface Install {
  command: SimpleCommand;
  instruction: Instruction;
  /** Context-relative manifest paths (relative to the install's working directory). */
  manifests: string[];
}

const NODE_LOCKS = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml'];

export const depsCacheOrder: Rule = {
  meta: {
    id: 'deps-cache-order', category: 'layers', severity: 'warning', aliases: [],
    description: 'COPY . . before npm/yarn/pnpm/pip install with no earlier manifest copy: every source edit re-installs all dependencies.',
    fixable: true,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const seenStages = new Set<number>();
    for (const copy of wholeContextCopies(ctx.model)) {
      const stage = ctx.stageOf(copy.instruction);
      if (!stage || seenStages.has(stage.index)) continue;
      seenStages.add(stage.index);
      const install = firstInstallAfter(ctx, copy.instruction);
      if (!install || manifestCopiedBefore(ctx, copy.instruction, install.manifests)) continue;
      const fix = reorderFix(ctx, copy, install);
      findings.push({
        range: copy.source.range,
        message: `The whole source tree is copied before ${install.command.effective.name} installs dependencies: every source edit re-runs the install; copy ${install.manifests.join(', ')} and install first.`,
        related: [{ range: install.command.range, message: 'this install re-runs whenever any file changes' }],
        fixes: fix ? [fix] : undefined,
      });
    }
    return findings;
  },
};

function firstInstallAfter(ctx: RuleContext, copy: Instruction): Install | null {
  const stage = ctx.stageOf(copy)!;
  for (const instruction of stage.instructions) {
    if (instruction.index <= copy.index || instruction.keyword !== 'RUN') continue;
    for (const command of ctx.model.shellOf(instruction)?.commands ?? []) {
      const manifests = manifestsOf(ctx, command);
      if (manifests) return { command, instruction, manifests };
    }
  }
  return null;
}

/** The manifest files an install reads, or null when the command installs nothing from one. */
function manifestsOf(ctx: RuleContext, command: SimpleCommand): string[] | null {
  const { name, args } = command.effective;
  const values = args.map((word) => word.value);
  const operands = values.filter((value) => !value.startsWith('-'));
  const node = (lock: string | null) => {
    if (ctx.context.hasPackageJson()) return ['package.json', ...NODE_LOCKS.filter((file) => ctx.context.exists(file))];
    return lock ? ['package.json', lock] : ['package*.json'];
  };
  if (name === 'npm' && (operands[0] === 'ci' || ((operands[0] === 'install' || operands[0] === 'i') && operands.length === 1))) return node(null);
  if (name === 'yarn' && (operands.length === 0 || (operands[0] === 'install' && operands.length === 1))) return node('yarn.lock');
  if (name === 'pnpm' && (operands[0] === 'install' || operands[0] === 'i') && operands.length === 1) return node('pnpm-lock.yaml');
  const pip = packageCommand(command);
  if (pip?.manager === 'pip' && pip.subcommand === 'install') {
    const files = optionValues(pip, ['-r', '--requirement']).filter((file) => !file.includes('$'));
    return files.length ? files : null;
  }
  return null;
}

/** An earlier COPY/ADD (this stage or its parents) whose sources name or glob each manifest's file. */
function manifestCopiedBefore(ctx: RuleContext, copy: Instruction, manifests: string[]): boolean {
  const sources = inheritedInstructionsBefore(ctx.model, copy)
    .filter((instruction) => (instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && !instruction.flags.some((flag) => flag.name === 'from'))
    .flatMap((instruction) => instruction.args.slice(0, -1).map((word) => word.value.replace(/^\.\//, '').replace(/\/+$/, '')));
  const primary = manifests[0];
  return sources.some((source) => globMatches(posix.basename(source), posix.basename(primary)) || primary.startsWith(source + '/'));
}

function globMatches(glob: string, name: string): boolean {
  const pattern = glob.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${pattern}$`).test(name);
}

/** Inserts `COPY <manifests> <dest>` and the install before the whole-context COPY. */
function reorderFix(ctx: RuleContext, copy: ContextCopy, install: Install): Fix | null {
  const copyState = ctx.model.stateAt(copy.instruction);
  const installState = ctx.model.stateAt(install.instruction);
  if (!copyState || !installState || copy.instruction.form === 'json') return null;
  const destination = copy.destination.value;
  const resolved = posix.resolve(copyState.workdir, destination);
  // Manifest paths are relative to where the install runs, and the moved install runs in the
  // COPY's WORKDIR: only reorder when both are where `.` lands.
  if (resolved !== posix.resolve(installState.workdir) || resolved !== posix.resolve(copyState.workdir) || install.manifests.some((file) => file.startsWith('/') || file.includes('..'))) return null;
  const directories = new Set(install.manifests.map((file) => posix.dirname(file)));
  if (directories.size !== 1) return null;
  const directory = [...directories][0];
  const base = destination.endsWith('/') ? destination : `${destination}/`;
  const target = directory === '.' ? base : `${base}${directory}/`;
  const lower = copy.instruction.rawKeyword === copy.instruction.rawKeyword.toLowerCase();
  const flags = install.instruction.flags.map((flag) => ctx.textOf(flag.range));
  const copyFlags = copy.instruction.flags.filter((flag) => flag.name === 'chown' || flag.name === 'chmod').map((flag) => ctx.textOf(flag.range));
  const lines = [
    [lower ? 'copy' : 'COPY', ...copyFlags, ...install.manifests, target].join(' '),
    [lower ? 'run' : 'RUN', ...flags, ctx.textOf(install.command.range)].join(' '),
  ];
  return { title: `Copy ${install.manifests.join(', ')} and install before COPY .`, preferred: true, edits: [ctx.insertLinesBefore(copy.instruction, lines)] };
}

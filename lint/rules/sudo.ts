// sudo: RUN already runs as the current USER; sudo is missing, needs a password, or is redundant.
import type { Finding, Rule, Severity } from '../rule';
import type { RuleContext } from '../ruleContext';
import { officialName } from '../../common/imageRef';
import type { Instruction, Stage } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';
import { packageCommand } from '../util/packages';
import { runCommands } from '../util/runCommands';

const ESCALATORS = new Set(['sudo', 'doas']);
/** Official images that ship without sudo (and without doas). */
const NO_SUDO_IMAGES = new Set([
  'debian', 'ubuntu', 'alpine', 'busybox', 'golang', 'node', 'python', 'pypy', 'ruby', 'php', 'perl', 'rust', 'buildpack-deps',
  'centos', 'fedora', 'rockylinux', 'almalinux', 'amazonlinux', 'oraclelinux', 'eclipse-temurin', 'openjdk', 'amazoncorretto',
  'maven', 'gradle', 'nginx', 'httpd', 'redis', 'postgres', 'mysql', 'mariadb', 'mongo', 'haskell', 'gcc', 'elixir', 'erlang',
  'archlinux', 'opensuse/leap', 'opensuse/tumbleweed', 'docker',
]);
/** Images that ship sudo with a passwordless rule for their user. */
const PASSWORDLESS_IMAGES = /^(?:mcr\.microsoft\.com\/(?:vscode\/)?devcontainers\/|gitpod\/workspace-)/;
/** The Dockerfile grants sudo without a password (`NOPASSWD`, a sudoers file, doas `nopass`). */
const GRANTS = /NOPASSWD|\bnopass\b|sudoers|doas\.conf/;

export const sudo: Rule = {
  meta: {
    id: 'sudo',
    category: 'security',
    severity: 'warning',
    aliases: ['DL3004'],
    severityNote: 'error when sudo is missing or asks for a password; warning through a passwordless rule; info when redundant as root',
    description: 'sudo in RUN: missing (the build fails), asking for a password without a terminal (fails), redundant as root, or a passwordless escalation left in the image.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    // ONBUILD RUN triggers too: they run in every image built FROM this one.
    for (const instruction of ctx.model.withTriggers) {
      if (instruction.keyword !== 'RUN') continue;
      const stage = ctx.stageOf(instruction);
      if (!stage || stageChain(stage)[0].runtime.shellLess) continue;
      for (const [index, command] of runCommands(ctx.model, instruction).entries()) {
        // The wrappers come first on the command line: `sudo -u x env A=1 apt-get ...`.
        const word = command.argv.find((w) => ESCALATORS.has(w.value.slice(w.value.lastIndexOf('/') + 1)));
        const program = word && command.argv.indexOf(word) <= command.argv.indexOf(command.program ?? word) ? word : null;
        if (!program) continue;
        const name = program.value.slice(program.value.lastIndexOf('/') + 1);
        const { severity, message } = judge(ctx, instruction, stage, name, index);
        findings.push({ range: program.range, severity, message });
      }
    }
    return findings;
  },
};

function judge(ctx: RuleContext, instruction: Instruction, stage: Stage, name: string, commandIndex: number): { severity: Severity; message: string } {
  // An ONBUILD trigger runs in a child build, as the image's last USER, after every step of this stage.
  const trigger = ctx.model.instructions[instruction.index]?.trigger === instruction;
  const lastUser = [...stageChain(stage).flatMap((s) => s.instructions)].reverse().find((i) => i.keyword === 'USER' && i.args.length);
  const current = trigger ? lastUser?.args[0].value ?? null : ctx.model.stateAt(instruction)?.user ?? null;
  const expanded = current ? ctx.model.expand(current, trigger && lastUser ? lastUser : instruction) : null;
  const user = expanded ? (expanded.unresolved ? null : expanded.value.split(':')[0]) : 'root';
  const asRoot = user === 'root' || user === '0';
  const installed = installedBefore(ctx, stage, instruction, name, commandIndex, trigger);
  const base = stageChain(stage)[0];
  const image = base.image.unresolved ? null : officialName(base.image).toLowerCase();
  const hub = base.image.registry === null || base.image.registry === 'docker.io';
  const fullName = base.image.registry && !hub ? `${base.image.registry}/${image}` : image ?? '';
  const knownWithout = !!image && (hub && NO_SUDO_IMAGES.has(image) || /^registry\.access\.redhat\.com\/ubi/.test(fullName));
  const granted = PASSWORDLESS_IMAGES.test(fullName) || stageChain(stage).flatMap((s) => s.instructions)
    .some((i) => (trigger || i.index < instruction.index) && (i.keyword === 'RUN' || i.keyword === 'COPY' || i.keyword === 'ADD') && GRANTS.test(i.text));
  const who = user ?? 'the current user';

  if (!installed && knownWithout) {
    return {
      severity: 'error',
      message: `${name} is not installed in this image (${image} ships without it and no earlier step installs it): this step fails with "${name}: not found". RUN already runs as the current USER (${who}); drop ${name}, and run steps that need root before USER or after USER root.`,
    };
  }
  if (asRoot) {
    return {
      severity: 'info',
      message: `${name} is redundant here: this step already runs as root. Drop it${installed ? `, and leave ${name} out of the image if nothing else needs it` : ''}.`,
    };
  }
  if (granted) {
    return {
      severity: 'warning',
      message: `${name} works here through a passwordless rule: any process of the container's user can then become root at run time too. Run the step as USER root instead and leave ${name} out of the image.`,
    };
  }
  if (installed && knownWithout && user !== null) {
    return {
      severity: 'error',
      message: `${name} asks for ${user}'s password and a build step has no terminal, and this Dockerfile grants no passwordless rule: this step fails. Run it as USER root (before USER ${user}) instead.`,
    };
  }
  return {
    severity: 'warning',
    message: `${name} in RUN: build steps already run as the current USER (${who}). If the image has no ${name}, or no passwordless rule for that user, this step fails; if it has one, any process of that user can become root. Run the step as USER root instead.`,
  };
}

/** sudo/doas installed by an earlier RUN of the chain, or earlier in this RUN. */
function installedBefore(ctx: RuleContext, stage: Stage, instruction: Instruction, name: string, commandIndex: number, trigger: boolean): boolean {
  for (const earlier of [...stageChain(stage).flatMap((s) => s.instructions), ...(trigger ? [instruction] : [])]) {
    if ((!trigger && earlier.index > instruction.index) || earlier.keyword !== 'RUN') continue;
    const commands = ctx.model.shellOf(earlier)?.commands ?? [];
    const upTo = earlier === instruction ? commands.slice(0, commandIndex) : commands;
    for (const command of upTo) {
      const pkg = packageCommand(command);
      if (pkg && pkg.manager !== 'pip' && /^(?:install|add)$/.test(pkg.subcommand) && pkg.operands.some((word) => new RegExp(`^${name}(?:[=<>~].*)?$`).test(word.value))) return true;
    }
  }
  return false;
}

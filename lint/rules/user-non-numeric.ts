// user-non-numeric (DL3066, off by default): the final image runs as a user given by name.
// Kubernetes' `runAsNonRoot` can only verify a numeric user and refuses to start the container
// otherwise ("image has non-numeric user ... cannot verify user is non-root").
import type { Fix, Rule, RuleContext } from '../rule';
import { stageChain } from '../../dockerfile/stages';
import type { Instruction, Stage, Word } from '../../dockerfile/types';
import { unquote } from '../util/words';

const NUMERIC = /^\d+$/;
/** `useradd`/`adduser` options that give the new user's uid. */
const UID_OPTIONS = new Set(['-u', '--uid']);

const WINDOWS_IMAGE = /windows|nanoserver|servercore/i;

export const userNonNumeric: Rule = {
  meta: {
    id: 'user-non-numeric', category: 'security', severity: 'info', aliases: ['DL3066'],
    description: 'The final image\'s USER is a name: Kubernetes runAsNonRoot cannot verify it and refuses to start the container; use the numeric uid.',
    fixable: true,
    defaultOff: true,
  },
  check(ctx) {
    const stage = ctx.model.finalStage;
    if (!stage) return [];
    // Windows containers have no uids: runAsNonRoot does not apply (USER ContainerUser is the norm).
    if (WINDOWS_IMAGE.test(stageChain(stage)[0].image.resolved)) return [];
    const users = stageChain(stage).flatMap((member) => member.instructions).filter((instruction) => instruction.keyword === 'USER' && instruction.args.length === 1);
    const last = users[users.length - 1];
    if (!last) return [];
    const word = last.args[0];
    const expanded = ctx.model.expand(word.value, last);
    // A build argument may well hold a number; it is not known here.
    if (expanded.unresolved) return [];
    const [user, group] = unquote(expanded.value, ctx.escapeChar).split(':');
    if (NUMERIC.test(user) || user === 'root') return [];
    const uid = createdUid(ctx, stage, user);
    return [{
      range: word.range,
      message: `USER ${expanded.value} names the user of the final image: Kubernetes with runAsNonRoot cannot check that a name is not root and refuses to start the container. Use the numeric uid${uid ? ` (${uid}, given to ${user} by this Dockerfile)` : ''}.`,
      fixes: uid && word.value === expanded.value ? [numericFix(ctx, word, uid, group)] : undefined,
    }];
  },
};

/** The uid `useradd -u N name` / `adduser -u N name` gives `user` in the stage chain, if any. */
function createdUid(ctx: RuleContext, stage: Stage, user: string): string | null {
  for (const instruction of stageChain(stage).flatMap((member) => member.instructions) as Instruction[]) {
    if (instruction.keyword !== 'RUN') continue;
    for (const command of ctx.model.shellOf(instruction)?.commands ?? []) {
      const name = command.effective.name;
      if (name !== 'useradd' && name !== 'adduser') continue;
      const args = command.effective.args.map((arg) => arg.value);
      if (args[args.length - 1] !== user && !(name === 'adduser' && args.includes(user))) continue;
      for (let i = 0; i < args.length; i++) {
        const inline = /^--uid=(\d+)$/.exec(args[i]) ?? /^-u(\d+)$/.exec(args[i]);
        if (inline) return inline[1];
        if (UID_OPTIONS.has(args[i]) && NUMERIC.test(args[i + 1] ?? '')) return args[i + 1];
      }
    }
  }
  return null;
}

/** `USER app` → `USER 10001` (the group part kept as written). */
function numericFix(ctx: RuleContext, word: Word, uid: string, group: string | undefined): Fix {
  const text = group === undefined ? uid : `${uid}:${group}`;
  return { title: `Use the numeric uid: USER ${text}`, edits: [ctx.replace(word.range, text)], preferred: true };
}

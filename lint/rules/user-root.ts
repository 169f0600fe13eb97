// user-root (DL3002): the final image runs its process as root.
import type { Finding, Rule } from '../rule';
import { officialName } from '../../common/imageRef';
import type { Instruction, Stage } from '../../dockerfile/types';
import type { RuleContext } from '../ruleContext';
import { stageChain } from '../../dockerfile/stages';

/** Instructions a USER must come after: they need root or change the filesystem. */
const BUILD_STEPS = new Set(['RUN', 'COPY', 'ADD', 'WORKDIR', 'ONBUILD']);

export const userRoot: Rule = {
  meta: {
    id: 'user-root', category: 'security', severity: 'warning', aliases: ['DL3002'],
    description: 'The final image runs as root: no USER, or USER root last.',
    fixable: true,
  },
  check(ctx) {
    const stage = ctx.model.finalStage;
    if (!stage) return [];
    const chain = stageChain(stage);
    const users = chain.flatMap((s) => s.instructions).filter((instruction) => instruction.keyword === 'USER');
    const lastUser = users[users.length - 1];
    if (lastUser) {
      const word = lastUser.args[0];
      if (!word) return [];
      const expanded = ctx.model.expand(word.value, lastUser);
      if (expanded.unresolved || !isRoot(expanded.value)) return [];
      return [finding(ctx, stage, word.range, `USER ${word.value} is the last USER of the final image: the application runs as root.`, lastUser)];
    }
    const base = chain[0];
    if (base.image.unresolved || runsAsNonRoot(base)) return [];
    const ownEntrypoint = chain.some((s) => s.instructions.some((instruction) => instruction.keyword === 'ENTRYPOINT'));
    if (!ownEntrypoint && dropsPrivileges(base)) return [];
    return [finding(ctx, stage, stage.image.range, 'No USER in the final stage: the application runs as root.', null)];
  },
};

function isRoot(user: string): boolean {
  const name = user.split(':')[0].trim();
  return name === 'root' || name === '0';
}

/** Images that already run as a non-root user by default. */
function runsAsNonRoot(base: Stage): boolean {
  const tag = (base.image.tag ?? '').toLowerCase();
  // Windows containers have no root: they run as ContainerUser/ContainerAdministrator.
  if (/(^|\/)windows|nanoserver|windowsservercore|ltsc20/.test(`${base.image.repository.toLowerCase()}:${tag}`)) return true;
  if (base.runtime.distroless) return /(^|-)nonroot($|-)/.test(tag);
  if (base.image.registry === 'cgr.dev' && base.image.repository.startsWith('chainguard/')) return !/(^|-)dev($|-)/.test(tag);
  return officialName(base.image) === 'scratch' ? false : /(^|-)nonroot($|-)/.test(tag);
}

/**
 * Images that set a non-root USER themselves or whose entrypoint switches to a service user
 * (gosu/su-exec): a USER line would break their start-up (chown of the data directory).
 */
const SERVICE_IMAGES = new Set([
  'postgres', 'mysql', 'mariadb', 'redis', 'mongo', 'rabbitmq', 'memcached', 'elasticsearch', 'cassandra',
  'couchdb', 'zookeeper', 'solr', 'jenkins/jenkins', 'grafana/grafana', 'sonarqube',
]);

function dropsPrivileges(base: Stage): boolean {
  const name = officialName(base.image).toLowerCase();
  const hub = base.image.registry === null || base.image.registry === 'docker.io';
  return (hub && SERVICE_IMAGES.has(name)) || (hub && /^(bitnami|prom)\//.test(name));
}

function finding(ctx: RuleContext, stage: Stage, range: Finding['range'], message: string, rootUser: Instruction | null): Finding {
  const user = stageChain(stage)[0].runtime.distroless ? 'nonroot:nonroot' : '65532:65532';
  const instructions = stage.instructions;
  // After the last build step (and after USER root when it is in this stage): the steps before
  // it keep running as root, only the container process changes user.
  let after = -1;
  instructions.forEach((instruction, index) => { if (BUILD_STEPS.has(instruction.keyword) || instruction === rootUser) after = index; });
  const before = instructions.slice(after + 1).find((instruction) => instruction.keyword === 'CMD' || instruction.keyword === 'ENTRYPOINT');
  const keyword = stage.from.rawKeyword === stage.from.rawKeyword.toLowerCase() ? 'user' : 'USER';
  const line = `${keyword} ${user}`;
  const anchor = instructions[instructions.length - 1] ?? stage.from;
  const edit = before ? ctx.insertLinesBefore(before, [line]) : ctx.insertLinesAfter(anchor, [line]);
  return {
    range,
    message: `${message} A code-execution bug then has root in the container (and on mounted volumes).`,
    fixes: [{ title: `Insert USER ${user}`, preferred: true, edits: [edit] }],
  };
}

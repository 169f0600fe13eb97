// curl-and-wget (DL4001): the image installs both curl and wget; one download tool is enough.
// Unlike hadolint, which reports any stage that runs both, only two installed packages are
// reported: many bases ship both (golang, openjdk, buildpack-deps) and BusyBox has wget built
// in, and then using both costs nothing.
import type { Finding, Rule } from '../rule';
import type { Range } from '../../dockerfile/types';
import { stageChain } from '../../dockerfile/stages';

const TOOLS = new Set(['curl', 'wget']);
const INSTALLERS: Record<string, string> = { 'apt-get': 'install', apt: 'install', apk: 'add', yum: 'install', dnf: 'install', microdnf: 'install', zypper: 'install' };

export const curlAndWget: Rule = {
  meta: {
    id: 'curl-and-wget', category: 'layers', severity: 'info', aliases: ['DL4001'],
    description: 'The image installs both curl and wget: two download tools (and their libraries) where one would do.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const reported = new Set<number>();
    for (const stage of ctx.model.stages) {
      const installed = new Map<string, Range>();
      for (const current of stageChain(stage)) {
        for (const instruction of current.instructions) {
          const script = instruction.keyword === 'RUN' ? ctx.model.shellOf(instruction) : null;
          for (const command of script?.commands ?? []) {
            const { name, args } = command.effective;
            const verb = name ? INSTALLERS[name] : undefined;
            if (!verb || !args.some((word) => word.value === verb)) continue;
            for (const word of args) {
              const pkg = word.value.replace(/[=~<>].*$/, '');
              if (!TOOLS.has(pkg) || installed.has(pkg)) continue;
              installed.set(pkg, word.range);
              const other = pkg === 'curl' ? 'wget' : 'curl';
              const first = installed.get(other);
              if (!first || current !== stage || reported.has(instruction.index)) continue;
              reported.add(instruction.index);
              findings.push({
                range: word.range,
                message: `${other} (line ${first.start.line + 1}) and ${pkg} are both installed: two download tools, each with its libraries, where one would do.`,
                related: [{ range: first, message: `${other} is installed here.` }],
              });
            }
          }
        }
      }
    }
    return findings;
  },
};

// Module checksum verification switched off, or module credentials written into the image.
import { posix } from 'node:path';
import type { Finding, Rule } from '../rule';
import type { RuleContext } from '../ruleContext';
import { copyPaths } from '../go/artifacts';
import type { Range } from '../../dockerfile/types';

/** Userinfo of a URL (`https://user:token@host`). */
const URL_USERINFO = /[a-z][a-z0-9+.-]*:\/\/([^/\s@"']+)@/i;
const TOKEN = /^(gh[pousr]_|github_pat_|glpat-)|^[A-Za-z0-9_-]{20,}$/;

export const goInsecureModules: Rule = {
  meta: {
    id: 'go-insecure-modules', category: 'go', severity: 'warning', aliases: [],
    description: 'GOSUMDB=off, GOINSECURE, GONOSUMDB, GOFLAGS=-insecure, or module credentials in the image.',
    fixable: false,
  },
  check(ctx) {
    const findings: Finding[] = [];
    const seen = new Set<string>();
    const report = (range: Range, message: string) => {
      const key = `${range.start.line}:${range.start.character}`;
      if (!seen.has(key)) findings.push({ range, message });
      seen.add(key);
    };
    for (const instruction of ctx.model.instructions) {
      if (instruction.keyword === 'ENV' || instruction.keyword === 'ARG') {
        for (const property of instruction.properties) {
          const problem = settingProblem(property.name, property.value);
          if (problem) report(property.range, problem);
        }
      }
      if ((instruction.keyword === 'COPY' || instruction.keyword === 'ADD') && instruction.text.includes('.netrc')) {
        const paths = copyPaths(ctx.model, instruction);
        const netrc = paths && [...paths.sources.map((s) => s.word.value), paths.dest?.word.value ?? ''].some(isNetrc);
        if (netrc && paths?.dest) report(paths.dest.word.range, NETRC_MESSAGE);
      }
      checkShell(ctx, instruction, report);
    }
    return findings;
  },
};

const NETRC_MESSAGE = 'A .netrc written into the image keeps the module credentials in a layer for anyone who can pull the image. Mount it as a build secret (RUN --mount=type=secret,id=netrc,target=/root/.netrc).';

function isNetrc(path: string): boolean {
  return posix.basename(path.replace(/\/+$/, '')) === '.netrc';
}

function checkShell(ctx: RuleContext, instruction: Parameters<RuleContext['stageOf']>[0], report: (range: Range, message: string) => void): void {
  const script = ctx.model.shellOf(instruction);
  if (!script || instruction.keyword !== 'RUN') return;
  for (const command of script.commands) {
    const assignments = [...command.assignments, ...command.effective.env];
    for (const assignment of assignments) {
      const problem = settingProblem(assignment.name, assignment.value);
      if (problem) report(assignment.word.range, problem);
    }
    const { name, args } = command.effective;
    const goEnvWrite = name === 'go' && args[0]?.value === 'env' && args.some((word) => word.value === '-w');
    for (const word of command.argv) {
      const eq = word.value.indexOf('=');
      if ((command.name === 'export' || goEnvWrite) && eq > 0) {
        const problem = settingProblem(word.value.slice(0, eq), word.value.slice(eq + 1));
        if (problem) { report(word.range, problem); continue; }
      }
      if ((name === 'git' || name === 'go') && credentialInUrl(word.value)) report(word.range, 'A token in a module URL ends up in the image (git config, go env) and in its history: anyone who can pull the image can use it. Pass it as a build secret.');
      else if ((name === 'tee' || name === 'cp' || name === 'mv' || name === 'install') && word !== command.argv[0] && isNetrc(word.value)) report(word.range, NETRC_MESSAGE);
    }
    for (const redirect of command.redirects) {
      if (redirect.target && /^>/.test(redirect.op) && isNetrc(redirect.target.value)) report(redirect.target.range, NETRC_MESSAGE);
    }
  }
}

/** What an env setting does to module verification, or null when harmless. */
function settingProblem(name: string, value: string | null): string | null {
  if (!name.startsWith('GO')) return null;
  const v = (value ?? '').trim();
  if (name === 'GOSUMDB' && v === 'off') return 'GOSUMDB=off: downloaded modules are no longer checked against the checksum database; a compromised proxy or mirror can substitute module code unnoticed.';
  if ((name === 'GONOSUMDB' || name === 'GONOSUMCHECK') && v) return `${name}=${v}: these modules skip the checksum database; use GOPRIVATE for private modules instead.`;
  if (name === 'GOINSECURE' && v) return `GOINSECURE=${v}: these modules are fetched over plain HTTP or without certificate checks: anyone on the network path can substitute their code.`;
  if (name === 'GOFLAGS' && /(^|\s)-insecure(=true)?(\s|$)/.test(v)) return 'GOFLAGS=-insecure: modules are fetched without TLS verification.';
  if (value !== null && credentialInUrl(value)) return `${name} holds a URL with credentials: they are stored in the image metadata for anyone who can pull it.`;
  return null;
}

function credentialInUrl(text: string): boolean {
  if (!text.includes('@') || !text.includes('://')) return false;
  const userinfo = URL_USERINFO.exec(text)?.[1];
  if (!userinfo) return false;
  const [user, password] = userinfo.split(':', 2);
  if (password !== undefined && password !== '') return true;
  return user.includes('$') || TOKEN.test(user);
}

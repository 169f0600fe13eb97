// Hostile and huge Dockerfiles, generated (never stored): what a user may open by accident or an
// attacker may put in a pull request. bench/hostile-lint.mjs measures the language server on them;
// test/lsp/hostile-input.test.ts and the unit tests check they are linted and answered.

export interface HostileInput {
  name: string;
  text: string;
}

/** Lines joined until the text reaches `bytes` (approximately: whole lines). */
function fill(head: string, bytes: number, line: (i: number) => string): string {
  const parts = [head];
  let size = head.length;
  for (let i = 0; size < bytes; i++) {
    const next = line(i);
    parts.push(next);
    size += next.length;
  }
  return parts.join('');
}

/** A realistic multi-stage file repeated to `bytes`: many instructions of every kind. */
export function manyInstructions(bytes: number): string {
  return fill('', bytes, (i) => [
    `FROM debian:12 AS stage${i}`, `ENV APP_HOME=/app${i} PATH=/app${i}/bin:$PATH`, 'WORKDIR $APP_HOME',
    `RUN apt-get update && apt-get install curl git make${i}`, `COPY --from=stage${Math.max(0, i - 1)} /out /in`,
    `RUN cd /src && make build${i} && rm -rf /tmp/*`, 'EXPOSE 8080', `CMD ["/app${i}/bin/run"]`, '',
  ].join('\n'));
}

/** One `apt-get install` (no -y) whose package list runs over `bytes` of continuation lines. */
export function longInstall(bytes: number): string {
  return fill('FROM debian:12\nRUN apt-get update && apt-get install \\\n', bytes, (i) => `    package-number-${i} \\\n`) + '    last\n';
}

/** One RUN of `bytes` whose continuation lines are each a command (`apt-get install x && \`). */
export function longScript(bytes: number): string {
  return fill('FROM debian:12\nRUN apt-get update \\\n', bytes, (i) => `    && apt-get install package-${i} && rm -rf /var/lib/apt/lists/* \\\n`) + '    && true\n';
}

/** One RUN line of `bytes` characters. */
export function longLine(bytes: number): string {
  return fill('FROM alpine:3.20\nRUN apk add', bytes, (i) => ` pkg${i}`) + '\n';
}

/** A heredoc never closed: every following line is its body. */
export function unterminatedHeredoc(lines: number): string {
  const body: string[] = [];
  for (let i = 0; i < lines; i++) body.push(`apk add package${i}\n`);
  return `FROM alpine:3.20\nRUN <<EOF\n${body.join('')}`;
}

/**
 * `pairs` pragma comments and instructions, in the shapes that cost a suppression pass the most:
 * per-instruction pragmas (dockscope, hadolint and BuildKit `# check=` spellings), stage pragmas
 * (each reaching to the end of one long stage), and a block of pragmas above one instruction.
 */
export function pragmaPairs(pairs: number): string {
  const lines = ['FROM alpine:3.20'];
  const spellings = [
    '# dockscope ignore=apk-no-cache,apk-unpinned', '# hadolint ignore=DL3018,DL3019', '# check=skip=JSONArgsRecommended',
    '# dockscope stage ignore=consecutive-run', '# hadolint stage ignore=DL3019',
  ];
  for (let i = 0; i < pairs; i++) lines.push(spellings[i % spellings.length], `RUN apk add package${i}`);
  for (let i = 0; i < pairs; i++) lines.push(spellings[i % spellings.length]);
  lines.push('CMD ["/bin/true"]');
  return `${lines.join('\n')}\n`;
}

/** Each ARG the previous one twice: 2^levels characters if expanded in full. */
export function expansionDoubling(levels: number): string {
  const lines = ['ARG V0=ab'];
  for (let i = 1; i <= levels; i++) lines.push(`ARG V${i}=\${V${i - 1}}\${V${i - 1}}`);
  lines.push(`FROM alpine:\${V${levels}}`, 'RUN echo hi');
  return `${lines.join('\n')}\n`;
}

/** `count` stages, each copying from the one before (a long stage graph). */
export function stageChain(count: number): string {
  const lines = ['FROM alpine:3.20 AS s0', 'RUN mkdir /out'];
  for (let i = 1; i < count; i++) lines.push(`FROM alpine:3.20 AS s${i}`, `COPY --from=s${i - 1} /out /out`);
  return `${lines.join('\n')}\n`;
}

/** The generated inputs at the sizes the issue reported (`scale` < 1 for quicker runs). */
export function hostileInputs(scale = 1): HostileInput[] {
  const mb = Math.round(5 * 1024 * 1024 * scale);
  return [
    { name: `instructions ${(mb / 1048576).toFixed(1)} MB`, text: manyInstructions(mb) },
    { name: `apt-get install ${(mb / 1048576).toFixed(1)} MB`, text: longInstall(mb) },
    { name: `apt-get commands ${(mb / 1048576).toFixed(1)} MB`, text: longScript(mb) },
    { name: `one line ${(mb / 1048576).toFixed(1)} MB`, text: longLine(mb) },
    { name: `unterminated heredoc ${Math.round(100_000 * scale)} lines`, text: unterminatedHeredoc(Math.round(100_000 * scale)) },
    { name: `pragma pairs ${Math.round(10_000 * scale)}`, text: pragmaPairs(Math.round(10_000 * scale)) },
    { name: `pragma pairs ${Math.round(20_000 * scale)}`, text: pragmaPairs(Math.round(20_000 * scale)) },
    { name: 'ARG doubling 28 levels', text: expansionDoubling(28) },
    { name: `stage chain ${Math.round(2_000 * scale)}`, text: stageChain(Math.round(2_000 * scale)) },
  ];
}

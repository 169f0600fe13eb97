// The build prompts' titles, numbered by what is actually asked: a single-stage Dockerfile has no
// target to pick, so it is asked three things (1/3 … 3/3), not 1/4, 3/4, 4/4.

export interface PromptTitles {
  tag: string;
  /** Undefined when there is no target to pick (one stage). */
  target?: string;
  buildArgs: string;
  context: string;
}

export function promptTitles(stageCount: number): PromptTitles {
  const asked = ['tag', ...(stageCount > 1 ? ['target stage'] : []), 'build arguments', 'context folder'];
  const title = (what: string) => `Build image (${asked.indexOf(what) + 1}/${asked.length}): ${what}`;
  return {
    tag: title('tag'),
    target: stageCount > 1 ? title('target stage') : undefined,
    buildArgs: title('build arguments'),
    context: title('context folder'),
  };
}

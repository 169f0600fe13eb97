// ShellCheck's codes as Dockscope names them (`SC2086`): recognised in settings, project config and
// ignore comments alongside rule ids, and linked to the ShellCheck wiki rather than to a rule page.

const CODE = /^sc(\d{4})$/i;

/** `SC2086` for `sc2086` / `SC2086`; null for anything else (a rule id, a DL code). */
export function shellcheckCode(text: string): string | null {
  const match = CODE.exec(text.trim());
  return match ? `SC${match[1]}` : null;
}

export function shellcheckWikiUrl(code: string): string {
  return `https://www.shellcheck.net/wiki/${code}`;
}

// The editor's answer to an ssh host the user has never connected to (no key in known_hosts): a
// modal with the key's fingerprint, as ssh asks in a terminal. A declined key is not asked about
// again until the user retries, so background requests (image events) never nag.
import * as vscode from 'vscode';
import type { ConfirmHostKey, HostKeyQuestion } from '../../engine/docker/ssh/tunnel';

export class HostKeyPrompt {
  private readonly declined = new Set<string>();

  /** The callback the engine calls on first contact. */
  readonly confirm: ConfirmHostKey = async (question) => {
    const id = `${question.host}:${question.port} ${question.fingerprint}`;
    if (this.declined.has(id)) return false;
    const trusted = await ask(question);
    if (!trusted) this.declined.add(id);
    return trusted;
  };

  /** Forgets the declined keys (the user pressed Retry or changed the endpoint). */
  reset(): void {
    this.declined.clear();
  }
}

async function ask(question: HostKeyQuestion): Promise<boolean> {
  const name = question.port === 22 ? question.host : `${question.host} port ${question.port}`;
  const shortType = question.keyType.replace(/^ssh-/, '').replace(/^ecdsa-sha2-.*/, 'ecdsa');
  const other = question.otherTypes.length ? `\n\nKnown already for this host: ${question.otherTypes.join(', ')} keys; this is a new key type.` : '';
  const trust = 'Trust and Connect';
  const answer = await vscode.window.showWarningMessage(
    `Dockscope has never connected to ${name}. Trust its host key?`,
    {
      modal: true,
      detail: `${question.endpoint}\n${question.keyType} key fingerprint:\n${question.fingerprint}\n\nCompare it with the one the host's owner gives you (on the host: ssh-keygen -lf /etc/ssh/ssh_host_${shortType}_key.pub). Trusting adds the key to ${question.knownHostsFile}, as ssh does.${other}`,
    },
    trust,
  );
  return answer === trust;
}

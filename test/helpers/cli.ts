// The bundled CLI (dist/cli.js) run as a user runs it, with the environment given, for the tests
// that check its exit status and output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DIST } from './paths';

export interface CliRun { status: number | null; stdout: string; stderr: string }

export function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<CliRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(DIST, 'cli.js'), ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

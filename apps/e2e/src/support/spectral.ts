import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const workspaceRoot = join(__dirname, '../../../..');
/** The repository's ruleset: the same file `npm run lint:openapi` and editors use. */
export const RULESET = join(workspaceRoot, '.spectral.yaml');
const SPECTRAL_CLI = require.resolve('@stoplight/spectral-cli/dist/index.js');

export const SEVERITIES = ['error', 'warn', 'info', 'hint'] as const;

export interface SpectralFinding {
  code: string;
  message: string;
  path: string[];
  severity: 0 | 1 | 2 | 3;
}

/**
 * Lints an OpenAPI document with the repository's ruleset, by running the Spectral CLI on it
 * (the way a person or an editor does), and returns every finding. Spectral exits 1 when it
 * finds errors: only a run without a JSON report (exit 2, a crash) is a failure here.
 */
export async function lintOpenApi(document: unknown): Promise<SpectralFinding[]> {
  const dir = await mkdtemp(join(tmpdir(), 'openapi-lint-'));
  try {
    const file = join(dir, 'openapi.json');
    await writeFile(file, JSON.stringify(document, null, 2));
    const { code, stdout, stderr } = await run(process.execPath, [
      SPECTRAL_CLI,
      'lint',
      file,
      '--ruleset',
      RULESET,
      '--format',
      'json',
      '--quiet',
    ]);
    if (code !== 0 && code !== 1) throw new Error(`spectral exited with ${code}: ${stderr || stdout}`);
    return JSON.parse(stdout) as SpectralFinding[];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One line per finding, for a failure message or a log. */
export const describeFinding = (finding: SpectralFinding): string =>
  `${SEVERITIES[finding.severity]} ${finding.code} at ${finding.path.join('.')}: ${finding.message}`;

function run(command: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: workspaceRoot });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

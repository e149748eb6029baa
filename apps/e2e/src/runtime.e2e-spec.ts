import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The platform's Node line is stated once, in .nvmrc; everything else that names a Node version
 * must agree with it, and the tests themselves must run on it (npm scripts put the Node that
 * `npm ci` installs into node_modules/.bin first on PATH, whatever the machine's own Node is).
 */
const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const line = read('.nvmrc').trim();
const major = (version: string) => Number(/(\d+)/.exec(version)?.[1]);
const pkg = JSON.parse(read('package.json'));

describe('the Node runtime', () => {
  it('.nvmrc names one major version', () => {
    expect(line).toMatch(/^\d+$/);
  });

  it('runs these tests', () => {
    expect(major(process.versions.node)).toBe(Number(line));
  });

  it('is what engines, the packaged Node builds and @types/node name', () => {
    expect(major(pkg.engines.node)).toBe(Number(line));
    const packaged = Object.entries(pkg.optionalDependencies as Record<string, string>).filter(([name]) =>
      name.startsWith('node-'),
    );
    expect(packaged.length).toBeGreaterThan(0);
    for (const [, version] of packaged) expect(major(version)).toBe(Number(line));
    // One exact build for every platform: the same Node wherever `npm ci` ran.
    expect(new Set(packaged.map(([, version]) => version)).size).toBe(1);
    expect(major(pkg.devDependencies['@types/node'])).toBe(Number(line));
  });

  it('is the base image of every Dockerfile stage', () => {
    const dockerfiles = readdirSync(join(root, 'apps'))
      .map((app) => `apps/${app}/Dockerfile`)
      .filter((path) => existsSync(join(root, path)));
    expect(dockerfiles.length).toBeGreaterThanOrEqual(3);
    for (const path of dockerfiles) {
      const images = [...read(path).matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1]);
      expect(images.length).toBeGreaterThan(0);
      for (const image of images) expect(image).toMatch(new RegExp(`^node:${line}[-.]`));
    }
  });

  it('is what the GitHub workflow sets up, read from .nvmrc', () => {
    const workflow = read('.github/workflows/ci.yml');
    expect(workflow).toContain('node-version-file: .nvmrc');
    expect(workflow).not.toMatch(/node-version:\s/);
  });
});

describe('the scripts behind npm start and npm test on a Node that is too old', () => {
  /** A copy of the real guard under a package.json that asks for a Node no one has yet. */
  function guardAsking(range: string) {
    const dir = mkdtempSync(join(tmpdir(), 'require-node-'));
    cpSync(join(root, 'tools/scripts/lib/require-node.mjs'), join(dir, 'tools/scripts/lib/require-node.mjs'));
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ engines: { node: range } }));
    return {
      script: join(dir, 'tools/scripts/lib/require-node.mjs'),
      remove: () => rmSync(dir, { recursive: true, force: true }),
    };
  }

  it('stop with one line that says which Node is needed and what to do', () => {
    const guard = guardAsking('>=99.0.0');
    try {
      const run = spawnSync(process.execPath, [guard.script], { encoding: 'utf8' });
      expect(run.status).toBe(1);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`Node 99.0.0 or later is needed; this is Node ${process.versions.node}`);
      expect(lines[0]).toContain('npm ci');
    } finally {
      guard.remove();
    }
  });

  it('say nothing and go on when the Node is recent enough', () => {
    const guard = guardAsking(`>=${process.versions.node}`);
    try {
      const run = spawnSync(process.execPath, [guard.script], { encoding: 'utf8' });
      expect(run.status).toBe(0);
      expect(run.stderr).toBe('');
    } finally {
      guard.remove();
    }
  });

  it('compare versions number by number, not as text', () => {
    const program = `import { tooOld } from ${JSON.stringify(join(root, 'tools/scripts/lib/require-node.mjs'))};
      console.log(JSON.stringify(['24.11.0', '24.10.9', '24.9.0', '100.0.0', '23.99.99', '24.11.1'].map((v) => tooOld(v, '>=24.11.0') === undefined)));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([true, false, false, true, false, true]);
  });
});

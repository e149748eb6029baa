#!/usr/bin/env node
/**
 * Fixes the package.json that `nx build <app>` generates (`generatePackageJson: true`) so that it
 * lists what the bundle really loads at run time, then writes a package-lock.json for exactly
 * those dependencies, pruned from the root package-lock.json (every version is the one CI tested;
 * nothing is resolved afresh from the registry).
 *
 * What the generator gets wrong, and what this does about it (main.js's require()s decide):
 *  - It leaves out some packages main.js requires, e.g. `tslib` (tsconfig importHelpers):
 *    every bare require() in main.js is checked and any missing package is added.
 *  - It leaves out packages that libraries load by name at run time, which main.js never names:
 *    TypeORM's PostgreSQL driver `pg`, added when main.js requires typeorm or @nestjs/typeorm.
 *  - It lists @nestjs/platform-express, which nothing loads when the app runs on Fastify:
 *    dropped when main.js requires @nestjs/platform-fastify and not @nestjs/platform-express.
 *  - It lists typeorm and @nestjs/typeorm for the gateway, which has no database: dropped when
 *    main.js requires neither.
 *
 * Usage (from the repository root, after the build; needs npm 11+ on the PATH, see the guard below):
 *   node docker/runtime-deps.mjs dist/apps/<app>
 * then `npm ci --omit=dev` in that folder (any npm >= 7) installs the app's run-time dependencies.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';

const ORM = ['typeorm', '@nestjs/typeorm'];
/** Packages a dependency loads by name at run time: added when main.js requires one of `when`. */
const LOADED_AT_RUN_TIME = [{ name: 'pg', when: ORM, why: "TypeORM's PostgreSQL driver" }];
/** Packages the generator may list that nothing loads unless main.js requires one of `unless`. */
const DROP_UNLESS_REQUIRED = [
  {
    names: ['@nestjs/platform-express'],
    unless: ['@nestjs/platform-express'],
    onlyIf: '@nestjs/platform-fastify',
    why: 'the app runs on Fastify',
  },
  { names: ORM, unless: ORM, why: 'main.js has no database code' },
];

const [distArg, rootLockArg = 'package-lock.json'] = process.argv.slice(2);
if (!distArg) {
  console.error('usage: node docker/runtime-deps.mjs <dist/apps/app> [root package-lock.json]');
  process.exit(2);
}
const dist = resolve(distArg);
const rootLockPath = resolve(rootLockArg);
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const pkgPath = join(dist, 'package.json');
const pkg = readJson(pkgPath);
const rootLock = readJson(rootLockPath);
const deps = { ...pkg.dependencies };

const lockedVersion = (name) => {
  const entry = rootLock.packages?.[`node_modules/${name}`];
  if (!entry?.version) {
    throw new Error(`${name} is needed at run time but is not in ${rootLockPath}; add it to the root package.json`);
  }
  return entry.version;
};

const builtins = new Set(builtinModules);
const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');
const required = new Set(
  [...readFileSync(join(dist, 'main.js'), 'utf8').matchAll(/\brequire\("([^"]+)"\)/g)]
    .map(([, specifier]) => specifier)
    .filter((s) => !s.startsWith('.') && !s.startsWith('/') && !s.startsWith('node:') && !builtins.has(s))
    .map(packageOf),
);

const changes = [];
const add = (name, why) => {
  if (deps[name]) return;
  deps[name] = lockedVersion(name);
  changes.push(`+ ${name}@${deps[name]} (${why})`);
};
for (const name of required) add(name, 'required by main.js');
for (const { name, when, why } of LOADED_AT_RUN_TIME) {
  if (when.some((owner) => required.has(owner))) add(name, `${why}, loaded at run time`);
}
for (const { names, unless, onlyIf, why } of DROP_UNLESS_REQUIRED) {
  if (unless.some((name) => required.has(name)) || (onlyIf && !required.has(onlyIf))) continue;
  for (const name of names.filter((n) => deps[n])) {
    delete deps[name];
    changes.push(`- ${name} (${why})`);
  }
}

pkg.dependencies = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
console.log(`${pkgPath}:\n${changes.length ? changes.map((c) => `  ${c}`).join('\n') : '  no changes'}`);

// Start from the root lockfile and let npm prune it to this package.json: locked versions are
// kept, so the result needs no registry look-up and matches what the workspace was tested with.
copyFileSync(rootLockPath, join(dist, 'package-lock.json'));
execFileSync(
  'npm',
  ['install', '--package-lock-only', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'],
  {
    cwd: dist,
    stdio: 'inherit',
  },
);

const pruned = readJson(join(dist, 'package-lock.json')).packages;
// Guard: npm 10 keeps packages reachable only through optional peer dependencies (so
// @nestjs/platform-express and express would come back through @nestjs/core); npm 11 drops them.
const optionalPeers = Object.keys(pruned).filter((path) => pruned[path].peer && pruned[path].optional);
if (optionalPeers.length) {
  throw new Error(
    `npm ${execFileSync('npm', ['--version']).toString().trim()} kept ${optionalPeers.length} packages that only optional peer ` +
      `dependencies reach (${optionalPeers.slice(0, 3).join(', ')}, ...); run this with npm 11 or later`,
  );
}
// Guard: every locked package must be the very version the root lockfile has at the same path.
const drift = Object.entries(pruned)
  .filter(([path, entry]) => path && rootLock.packages[path]?.version !== entry.version)
  .map(([path, entry]) => `${path}: ${rootLock.packages[path]?.version ?? 'absent'} -> ${entry.version}`);
if (drift.length) throw new Error(`pruned lockfile drifted from the root lockfile:\n${drift.join('\n')}`);
console.log(
  `${join(dist, 'package-lock.json')}: ${Object.keys(pruned).length - 1} packages, all at root-lockfile versions`,
);

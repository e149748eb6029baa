// Imported first by the scripts behind `npm start`, `npm test` and the benchmarks: when the Node
// running them is older than package.json's engines.node, they stop with one line that says what
// to do, instead of failing later on a syntax error or a missing API. Keep this file plain enough
// for any Node that could start it.
import { readFileSync } from 'node:fs';

const { engines } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'));

/** The lowest version `>=X.Y.Z` allows, as three numbers (the only form engines.node uses here). */
export function lowestAllowed(range) {
  const match = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!match) throw new Error(`engines.node must read ">=X.Y.Z" (it reads "${range}")`);
  return match.slice(1).map((part) => Number(part ?? 0));
}

/** Why `version` (e.g. "20.20.2") cannot run the platform, or undefined when it can. */
export function tooOld(version, range = engines.node) {
  const have = version.split('.').map(Number);
  const need = lowestAllowed(range);
  for (let i = 0; i < 3; i++) {
    if (have[i] > need[i]) return undefined;
    if (have[i] < need[i]) return `Node ${need.join('.')} or later is needed`;
  }
  return undefined;
}

const problem = tooOld(process.versions.node);
if (problem) {
  console.error(
    `${problem}; this is Node ${process.versions.node} (${process.execPath}). ` +
      'Run `npm ci` first (on Linux x64 and arm64 and Windows x64 it installs Node 24 into node_modules/.bin) or install Node 24 (see .nvmrc).',
  );
  process.exit(1);
}

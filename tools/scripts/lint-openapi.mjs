#!/usr/bin/env node
// `npm run lint:openapi [-- <url or file>]`: lints the gateway's merged OpenAPI document with the
// repository's Spectral ruleset (.spectral.yaml: Spectral's OpenAPI rules + OWASP API Security).
// Without an argument it reads the running gateway of `npm start` (GATEWAY_PORT, 3000 by
// default). Exits non-zero on any error, as CI does (apps/e2e/src/openapi-lint.e2e-spec.ts).
import './lib/require-node.mjs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { loadDotEnv, settings, workspaceRoot } from './lib/env.mjs';

loadDotEnv();
const target = process.argv[2] ?? `http://127.0.0.1:${settings().gatewayPort}/docs/openapi.json`;
const cli = createRequire(import.meta.url).resolve('@stoplight/spectral-cli/dist/index.js');
const run = spawnSync(
  process.execPath,
  [cli, 'lint', target, '--ruleset', join(workspaceRoot, '.spectral.yaml'), '--fail-severity', 'error'],
  {
    stdio: 'inherit',
    cwd: workspaceRoot,
  },
);
process.exit(run.status ?? 1);

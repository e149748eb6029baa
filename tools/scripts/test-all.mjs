#!/usr/bin/env node
// `npm test`: every unit, integration and e2e test against the local PostgreSQL and RabbitMQ.
// Ends with one line, `N passed, M failed`, summed from each Jest run's --json report.
import './lib/require-node.mjs'; // first: one clear line on a Node too old to run the rest
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { loadDotEnv, workspaceRoot } from './lib/env.mjs';
import { checkPostgres, checkRabbitMq, ServiceUnavailable } from './lib/services.mjs';

loadDotEnv();
const reports = join(workspaceRoot, 'reports/jest');
const run = (command, args) => spawnSync(command, args, { cwd: workspaceRoot, stdio: 'inherit' }).status;

const RUNS = [
  {
    name: 'unit + integration',
    report: join(reports, 'unit-integration.json'),
    args: ['jest', '--config', 'jest.config.ts', '--maxWorkers=2'],
  },
  {
    name: 'e2e',
    report: join(reports, 'e2e.json'),
    args: ['jest', '--config', 'apps/e2e/jest-e2e.config.cts', '--runInBand'],
  },
];

async function main() {
  try {
    await checkPostgres(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    await checkRabbitMq(process.env.TEST_RABBITMQ_URL ?? 'amqp://guest:guest@127.0.0.1:5672');
  } catch (error) {
    if (!(error instanceof ServiceUnavailable)) throw error;
    console.error(error.message);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });

  // The e2e suite runs the built bundles.
  const built =
    run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'gateway', 'users', 'auth', '--outputStyle=static']) === 0;
  const totals = { passed: 0, failed: built ? 0 : 1 };
  const lines = [];
  for (const { name, report, args } of RUNS) {
    const status = run('npx', [...args, '--json', `--outputFile=${report}`]);
    const counts = countsOf(report);
    if (status !== 0 && counts.failed === 0) counts.failed = 1; // the run broke before reporting a failure
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    lines.push(`${name}: ${counts.passed} passed, ${counts.failed} failed`);
  }
  console.log(`\n${built ? '' : 'build: failed\n'}${lines.join('\n')}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(totals.failed === 0 ? 0 : 1);
}

/** Passed and failed tests of one run; a suite that could not run counts as one failure. */
function countsOf(report) {
  if (!existsSync(report)) return { passed: 0, failed: 0 };
  const result = JSON.parse(readFileSync(report, 'utf8'));
  const brokenSuites = result.testResults.filter(
    (suite) => suite.status === 'failed' && suite.assertionResults.length === 0,
  ).length;
  return { passed: result.numPassedTests, failed: result.numFailedTests + brokenSuites };
}

main();

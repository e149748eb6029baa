import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

/** Every project's unit and integration specs in one run (the e2e suite has its own config). */
export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  // A global option: ignored in project configs when Jest runs several projects at once.
  testTimeout: 30_000,
});

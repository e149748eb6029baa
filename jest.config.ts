import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

/**
 * Every project's unit and integration specs in one run. The e2e suite has its own run (it needs
 * the built apps and runs in band); getJestProjectsAsync lists it too, since its target runs jest.
 */
export default async (): Promise<Config> => ({
  projects: (await getJestProjectsAsync()).filter((project) => !project.includes('apps/e2e')),
  // A global option: ignored in project configs when Jest runs several projects at once.
  testTimeout: 30_000,
});

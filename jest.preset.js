const { join } = require('node:path');
const nxPreset = require('@nx/jest/preset').default;

const ESM_ONLY = ['cockatiel', 'jose'];

module.exports = {
  ...nxPreset,
  // Integration specs talk to the real PostgreSQL and RabbitMQ; allow for broker round trips.
  testTimeout: 30_000,
  // Leftover connections would keep a finished run alive; tests close what they open.
  forceExit: false,
  // Packages that ship ES modules only (cockatiel 4, jose 6). Node 24 require()s them, and so do
  // the webpack bundles; Jest's own require(esm) still needs --experimental-vm-modules, so they
  // are compiled to CommonJS instead, by this transform (listed first, so it wins over the
  // projects' own TypeScript transform for these files).
  transform: {
    [`/node_modules/(${ESM_ONLY.join('|')})/.+\\.js$`]: [
      'ts-jest',
      { tsconfig: join(__dirname, 'tsconfig.jest-esm.json'), diagnostics: false },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_ONLY.join('|')})/)`],
};

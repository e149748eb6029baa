const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Integration specs talk to the real PostgreSQL and RabbitMQ; allow for broker round trips.
  testTimeout: 30_000,
  // Leftover connections would keep a finished run alive; tests close what they open.
  forceExit: false,
  // Packages that ship ES modules only (cockatiel 4). Node 24 require()s them, and so do the
  // webpack bundles; Jest's own require(esm) still needs --experimental-vm-modules, so they are
  // compiled to CommonJS like our sources instead (the project's tsconfig.spec needs allowJs).
  transformIgnorePatterns: ['/node_modules/(?!(cockatiel)/)'],
};

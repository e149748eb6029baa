const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  // Integration specs talk to the real PostgreSQL and RabbitMQ; allow for broker round trips.
  testTimeout: 30_000,
  // Leftover connections would keep a finished run alive; tests close what they open.
  forceExit: false,
};

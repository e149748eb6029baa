import baseConfig from '../../../eslint.config.mjs';

export default [
  ...baseConfig,
  // The one library that builds on the raw token minter of @platform/util-auth/testing.
  { files: ['**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
];

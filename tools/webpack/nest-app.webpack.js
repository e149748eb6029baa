const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { existsSync } = require('fs');
const { basename, join } = require('path');

/**
 * Webpack config of a NestJS app in apps/<name>: one bundle in dist/apps/<name>. Webpack, not
 * esbuild: esbuild drops the decorator metadata Nest's dependency injection needs.
 */
module.exports = function nestAppWebpackConfig(appDir) {
  return {
    output: {
      path: join(appDir, '../../dist/apps', basename(appDir)),
      clean: true,
      ...(process.env.NODE_ENV !== 'production' && {
        devtoolModuleFilenameTemplate: '[absolute-resource-path]',
      }),
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        assets: existsSync(join(appDir, 'src/assets')) ? ['./src/assets'] : [],
        optimization: false,
        outputHashing: 'none',
        generatePackageJson: true,
        sourceMap: true,
      }),
    ],
  };
};

'use strict';
const path = require('node:path');
const CopyPlugin = require('copy-webpack-plugin');
const { DefinePlugin, IgnorePlugin } = require('webpack');
const { buildConfig } = require('./tools/build/config.cjs');
const { flavourNamed, manifestFor } = require('./tools/build/flavours.cjs');
const { version } = require('./package.json');

/**
 * `webpack --env flavour=standard` builds the unprivileged flavour into dist-standard/; SP_* environment variables
 * choose the endpoints (tools/build/config.cjs); `--env outDir=DIR` builds elsewhere, e.g. with dev endpoints.
 */
module.exports = (env = {}) => {
  const flavour = { ...flavourNamed(env.flavour), ...(env.outDir ? { outputDir: env.outDir } : {}) };
  return {
    entry: {
      background: './src/background/main.ts',
      'popup/popup': './src/popup/index.ts',
      'settings/settings': './src/settings/index.ts',
      'content/webrtc': './src/content/webrtc/index.ts',
      'proxy-error/proxy-error': './src/proxy-error/index.ts',
    },
    // Lazily loaded chunks (the DAP client, oauth4webapi) keep their names, so a size check or a reviewer can find them.
    output: {
      path: path.resolve(__dirname, flavour.outputDir),
      filename: '[name].js',
      chunkFilename: '[name].js',
      // Chunks load from the add-on's root. A fixed path also keeps webpack's "auto" public-path runtime, whose
      // global-object lookup uses the Function constructor that add-on review flags, out of the bundle.
      publicPath: '/',
      clean: true,
    },
    resolve: { extensions: ['.ts', '.js'] },
    // Each lazily loaded library (the DAP client, oauth4webapi) stays one file under its own name, and its chunk id is
    // that name too, so a test can tell which of them the background page has loaded.
    optimization: { splitChunks: false, chunkIds: 'named' },
    module: {
      rules: [
        { test: /\.ts$/, loader: 'ts-loader', exclude: /node_modules/, options: { configFile: 'tsconfig.build.json' } },
      ],
    },
    // Add-on reviewers read the shipped code: keep a source map beside it rather than eval'd modules.
    devtool: 'source-map',
    performance: { hints: false },
    plugins: [
      new DefinePlugin({ SP_BUILD_CONFIG: JSON.stringify(buildConfig(process.env)) }),
      // hpke-js imports Node's crypto only where globalThis.crypto is missing; Firefox always has WebCrypto.
      new IgnorePlugin({ resourceRegExp: /^crypto$/, contextRegExp: /@hpke/ }),
      new CopyPlugin({
        patterns: [
          {
            from: 'manifest.json',
            transform: (content) =>
              JSON.stringify(manifestFor(flavour.name, JSON.parse(content.toString()), version), null, 2),
          },
          { from: '_locales', to: '_locales' },
          { from: 'icons', to: 'icons' },
          { from: 'src/popup/*.{html,css}', to: 'popup/[name][ext]' },
          { from: 'src/settings/*.{html,css}', to: 'settings/[name][ext]' },
          { from: 'src/proxy-error/*.{html,css}', to: 'proxy-error/[name][ext]' },
        ],
      }),
    ],
  };
};

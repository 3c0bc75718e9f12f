// Builds plotly-repro.min.js (and its licence file) from plotly.js's CommonJS sources. See README.md.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

// plotly.js builds with browserify's glslify transform; parcoords is the only module here that uses it, with two
// shader files that import nothing, so inlining each file as a string literal is the whole transform.
const inlineShaders = {
  name: 'inline-glslify-shaders',
  setup(build) {
    build.onLoad({ filter: /parcoords[\/\\]lines\.js$/ }, async (args) => {
      let source = await fs.promises.readFile(args.path, 'utf8');
      source = source.replace(/var glslify = require\('glslify'\);\r?\n/, '');
      source = source.replace(/glslify\('(\.\/shaders\/[a-z]+\.glsl)'\)/g, (_, file) =>
        JSON.stringify(fs.readFileSync(path.join(path.dirname(args.path), file), 'utf8')),
      );
      if (source.includes('glslify')) throw new Error(`${args.path}: a glslify call was left untransformed`);
      return { contents: source, loader: 'js' };
    });
  },
};

await esbuild.build({
  entryPoints: ['entry.js'],
  bundle: true,
  minify: true,
  format: 'iife',
  target: 'es2017',
  define: { global: 'window' },
  legalComments: 'external',
  outfile: 'plotly-repro.min.js',
  plugins: [inlineShaders],
  logLevel: 'info',
});
fs.renameSync('plotly-repro.min.js.LEGAL.txt', 'plotly-repro.LICENSE.txt');
fs.appendFileSync('plotly-repro.LICENSE.txt', '\n' + fs.readFileSync('node_modules/plotly.js/LICENSE', 'utf8'));

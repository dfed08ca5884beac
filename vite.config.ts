import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';
import { promisify } from 'node:util';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const DKFDS_CSS = /node_modules\/dkfds\/dist\/css\/dkfds\.min\.css$/;
const SPLIT_FONTS = resolve('node_modules/dkfds/dist/fonts/IBMPlexSans/split/woff2');

/**
 * IBM Plex Sans as woff2 only, in IBM's per-script subsets with their unicode ranges: a Danish
 * page downloads only the Latin-1 file of each weight it uses (~17 kB instead of ~60 kB for the
 * complete woff2), and DKFDS's .eot/.ttf/.woff are never referenced, so never emitted.
 */
const SUBSETS: readonly (readonly [name: string, range: string])[] = [
  ['Latin1', 'U+0000, U+000D, U+0020-007E, U+00A0-00A3, U+00A4-00FF, U+0131, U+0152-0153, U+02C6, U+02DA, U+02DC, U+2013-2014, U+2018-201A, U+201C-201E, U+2020-2022, U+2026, U+2030, U+2039-203A, U+2044, U+2074, U+20AC, U+2122, U+2212, U+FB01-FB02'],
  ['Latin2', 'U+0100-024F, U+0259, U+1E00-1EFF, U+20A0-20AB, U+20AD-20CF, U+2C60-2C7F, U+A720-A7FF'],
  ['Pi', 'U+0E3F, U+2032-2033, U+2070, U+2075-2079, U+2080-2081, U+2083, U+2085-2089, U+2113, U+2116, U+2126, U+212E, U+2150-2151, U+2153-215E, U+2190-2199, U+21A9-21AA, U+21B0-21B3, U+21B6-21B7, U+21BA-21BB, U+21C4, U+21C6, U+2202, U+2206, U+220F, U+2211, U+221A, U+221E, U+222B, U+2248, U+2260, U+2264-2265, U+25CA, U+2713, U+274C'],
];
const WEIGHTS: readonly (readonly [weight: number, name: string])[] = [
  [400, 'Regular'],
  [500, 'Medium'],
  [600, 'SemiBold'],
  [700, 'Bold'],
];

function plexFaces(): string {
  const faces: string[] = [];
  for (const [weight, name] of WEIGHTS) {
    for (const italic of [false, true]) {
      const file = name === 'Regular' ? (italic ? 'Italic' : 'Regular') : `${name}${italic ? 'Italic' : ''}`;
      for (const [subset, range] of SUBSETS) {
        faces.push(
          `@font-face{font-display:swap;font-family:IBM Plex Sans;font-style:${italic ? 'italic' : 'normal'};font-weight:${weight};` +
            `src:url(${join(SPLIT_FONTS, `IBMPlexSans-${file}-${subset}.woff2`)}) format("woff2");unicode-range:${range}}`,
        );
      }
    }
  }
  return faces.join('\n');
}

/** Replaces DKFDS's IBM Plex Sans faces (eot, woff, woff2, ttf of the complete font) with plexFaces(). */
function woff2FontsOnly(): Plugin {
  return {
    name: 'klynge-woff2-fonts-only',
    enforce: 'pre',
    transform(code, id) {
      if (!DKFDS_CSS.test(id.split('?')[0] ?? '')) return null;
      const faces = /@font-face\{[^}]*font-family:IBM Plex Sans[^}]*\}/g;
      if (!faces.test(code)) throw new Error('dkfds.min.css har ikke længere IBM Plex Sans-skrifttyper i det forventede format.');
      return { code: code.replace(faces, '') + '\n' + plexFaces(), map: null };
    },
  };
}

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);
const COMPRESSIBLE = /\.(js|css|html|svg|json|txt|map)$/;

/**
 * Writes name.br and name.gz next to every compressible file of the build, at the highest
 * levels, once: the server sends them as they are (@fastify/static preCompressed) instead of
 * compressing on every request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'klynge-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      const files = (await readdir(outDir, { recursive: true })).filter((f) => COMPRESSIBLE.test(f));
      await Promise.all(
        files.map(async (f) => {
          const path = join(outDir, f);
          const body = await readFile(path);
          if (body.length < 1024) return;
          await writeFile(`${path}.br`, await brotli(body, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length } }));
          await writeFile(`${path}.gz`, await gz(body, { level: 9 }));
        }),
      );
    },
  };
}

// The web app lives in src/web and is built to dist/web, which the server serves in production.
export default defineConfig({
  root: 'src/web',
  plugins: [woff2FontsOnly(), react(), precompress()],
  build: { outDir: '../../dist/web', emptyOutDir: true },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});

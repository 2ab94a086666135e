// The init's JavaScript as it runs: CommonJS bundles made by esbuild. One place for both forms:
// `npm run build` writes them to dist/ (bin/graceful-init.js requires dist/graceful-init.cjs), and
// the portable build to its app/.
//   node dist/build/bundles.js      (after tsc; `npm run build` runs both)
// CommonJS, because Node's ESM loader costs ~10 ms and ~2 MB at every container start. Several
// files, because V8 parses all of a script it loads: what the start path does not always need
// (supervision, --help) is in late bundles (src/late-bundles.ts). Whitespace and syntax are
// minified (a smaller script parses faster); names are kept for stack traces.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LATE_BUNDLES } from '../late-bundles.js';

const ESBUILD = 'node_modules/.bin/esbuild';

/** Packages left outside the bundles: koffi is a native addon; pino and execa load late. */
export const EXTERNAL_PACKAGES = ['koffi', 'pino', 'execa'];

export interface BundleOptions {
  /** Node the bundles are for: the oldest supported (npm), or the bundled one (portable). */
  target: 'node20' | 'node22';
  /** The start bundle's entry: src/cli.ts, or the portable build's src/portable/main.ts. */
  entry?: string;
  /** The start bundle's file: graceful-init.cjs, or the portable build's, which its boot runs. */
  startFile?: string;
}

/** esbuild's flags for a CommonJS bundle in which import.meta.url is the bundle file's URL. */
export function commonJsFlags(target: BundleOptions['target']): string[] {
  return [
    '--bundle', '--platform=node', '--format=cjs', `--target=${target}`, '--log-level=warning',
    // A getter: only --help (the package.json lookup) asks, and node:url's pathToFileURL costs
    // a fraction of a millisecond of every start when computed up front.
    "--banner:js=const importMeta = { get url() { return require('node:url').pathToFileURL(__filename).href; } };",
    '--define:import.meta.url=importMeta.url',
  ];
}

/** Writes one of the init's bundles: `source` and what it imports, minified, into `outFile`. */
export function bundleFile(source: string, outFile: string, target: BundleOptions['target']): void {
  const flags = [...commonJsFlags(target), '--minify-whitespace', '--minify-syntax', ...EXTERNAL_PACKAGES.map((name) => `--external:${name}`)];
  execFileSync(ESBUILD, [source, ...flags, `--outfile=${outFile}`], { stdio: 'inherit' });
}

/** Writes the start bundle (graceful-init.cjs) and the late bundles into `outDir`. */
export function bundleInit(outDir: string, { target, entry = 'src/cli.ts', startFile = 'graceful-init.cjs' }: BundleOptions): void {
  for (const [source, file] of [[entry, startFile], ...LATE_BUNDLES] as const) bundleFile(source, join(outDir, file), target);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) bundleInit('dist', { target: 'node20' });

import { build } from 'esbuild'

/**
 * Bundles `entry` (sources through the `@warp/source` condition) into one ESM file plain Node
 * runs: child processes and examples run without vitest's TypeScript loader.
 */
export async function bundleForNode(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@warp/source'],
    external: ['msgpackr', 'msgpackr-extract', 'iovalkey'],
    banner: {
      js: "import { createRequire as __warpRequire } from 'node:module'; const require = __warpRequire(import.meta.url);",
    },
    logLevel: 'warning',
  })
}

import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../..', import.meta.url))

/** Bundles src/ (with @warp/core from source) for child processes and workers. */
export default async function setup(): Promise<void> {
  if (!existsSync(`${root}/build/Release/warp_shared.node`)) {
    throw new Error(
      '@warp/shared-native tests need the addon: run `node scripts/build-native.mjs` (or `npm ci`) first',
    )
  }
  await build({
    entryPoints: [`${root}/src/index.ts`],
    outfile: `${root}/build/test-bundle/index.mjs`,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    conditions: ['@warp/source'],
    packages: 'bundle',
    external: ['msgpackr', 'msgpackr-extract'],
    banner: {
      js: "import { createRequire as __warpRequire } from 'node:module'; const require = __warpRequire(import.meta.url);",
    },
    logLevel: 'warning',
  })
}

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Builds the test build of the addon (with its test hooks) when missing, and
 * bundles src/ (with @warp/core from source) for child processes and workers.
 */
export default async function setup(): Promise<void> {
  if (!existsSync(`${root}/build-test/Release/warp_shared.node`)) {
    const r = spawnSync(process.execPath, [`${root}/scripts/build-native.mjs`, '--test-hooks'], {
      cwd: root,
      stdio: 'inherit',
    })
    if (r.status !== 0) {
      throw new Error(
        '@warp/shared-native tests need the test build: `node scripts/build-native.mjs --test-hooks`',
      )
    }
  }
  process.env.WARP_SHARED_NATIVE_ADDON = `${root}/build-test/Release/warp_shared.node`
  await build({
    entryPoints: [`${root}/test/helpers/bundle-entry.ts`],
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

import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'

const root = fileURLToPath(new URL('../..', import.meta.url))
const native = fileURLToPath(new URL('../../../shared-native', import.meta.url))

/**
 * Makes sure the shared-native test build (with its `clock` hook) exists, and
 * bundles src/ with @warp/shared-native for the child processes of the
 * cross-process tests (children cannot load TypeScript on Node 20).
 */
export default async function setup(): Promise<void> {
  const addon = `${native}/build-test/Release/warp_shared.node`
  if (!existsSync(addon)) {
    const r = spawnSync(process.execPath, [`${native}/scripts/build-native.mjs`, '--test-hooks'], {
      cwd: native,
      stdio: 'inherit',
    })
    if (r.status !== 0) throw new Error('@warp/async tests need the @warp/shared-native test build')
  }
  process.env.WARP_SHARED_NATIVE_ADDON = addon
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

// The package's `install` script. It never fails the user's install and never
// downloads anything:
//  - a prebuild for this platform, arch and libc that loads: nothing to do;
//  - else, with cmake and a C++ compiler: build build/Release/warp_shared.node;
//  - else (or when that build fails): say how to build, exit 0. `new SharedCache()`
//    then throws CacheError E_NATIVE_MISSING with the same instructions.
// WARP_SHARED_NATIVE_NO_PREBUILD=1 ignores the prebuild (here and in the loader).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { prebuildPath, root } from './native-paths.mjs'
import { missingTools, toolsHelp } from './require-tools.mjs'

const require = createRequire(import.meta.url)
const usePrebuild = process.env.WARP_SHARED_NATIVE_NO_PREBUILD !== '1'
const prebuild = prebuildPath()
if (usePrebuild && existsSync(prebuild)) {
  try {
    require(prebuild)
    process.exit(0)
  } catch (error) {
    console.warn(
      `@warp/shared-native: the prebuild ${prebuild} does not load (${error.message}); building from source`,
    )
  }
}
if (process.platform !== 'linux') {
  console.warn(`@warp/shared-native: no native addon: Linux only (this is ${process.platform})`)
  process.exit(0)
}
const missing = missingTools()
if (missing.length > 0) {
  console.warn(
    `${toolsHelp(missing)}\n(installing anyway; SharedCache throws E_NATIVE_MISSING until then)`,
  )
  process.exit(0)
}
const result = spawnSync(process.execPath, [`${root}scripts/build-native.mjs`], {
  cwd: root,
  stdio: 'inherit',
})
if (result.status !== 0) {
  console.warn(
    '@warp/shared-native: the native build failed (above); installing anyway. SharedCache throws E_NATIVE_MISSING until `npm rebuild @warp/shared-native` succeeds.',
  )
}
process.exit(0)

import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CacheError } from '@warp/core'
import type { NativeModule } from './native.js'

let loaded: NativeModule | undefined

/** The package directory (this file is in `src/` or `dist/`). */
function packageRoot(): string {
  return fileURLToPath(new URL('..', import.meta.url))
}

/**
 * Loads the addon: `$WARP_SHARED_NATIVE_ADDON` if set, else the cmake-js build in
 * `build/Release` (then `build/Debug`). Throws `CacheError` `E_NATIVE_MISSING`
 * saying how to build it.
 */
export function loadNative(): NativeModule {
  if (loaded) return loaded
  const root = packageRoot()
  const candidates = [
    process.env.WARP_SHARED_NATIVE_ADDON,
    join(root, 'build', 'Release', 'warp_shared.node'),
    join(root, 'build', 'Debug', 'warp_shared.node'),
  ].filter((p): p is string => typeof p === 'string' && p.length > 0)
  const require = createRequire(import.meta.url)
  for (const path of candidates) {
    if (!existsSync(path)) continue
    try {
      loaded = require(path) as NativeModule
      return loaded
    } catch (cause) {
      throw new CacheError(
        'E_NATIVE_MISSING',
        `@warp/shared-native: the native addon at ${path} does not load ` +
          `(${cause instanceof Error ? cause.message : String(cause)}). Rebuild it: ` +
          `\`npm rebuild @warp/shared-native\` or \`node scripts/build-native.mjs\` in ${root}`,
        { cause },
      )
    }
  }
  throw new CacheError(
    'E_NATIVE_MISSING',
    `@warp/shared-native: the native addon is not built (looked for ${candidates.join(', ')}). ` +
      'It is built by the package install script, which needs Linux, cmake and a C++17 compiler ' +
      '(Debian/Ubuntu: `apt-get install cmake g++`). Build it with `npm rebuild @warp/shared-native`, ' +
      `or run \`node scripts/build-native.mjs\` in ${root}.`,
  )
}

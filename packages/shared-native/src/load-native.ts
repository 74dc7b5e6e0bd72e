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

/** `glibc` or `musl`: a prebuild is linked against one of them. */
function libc(): 'glibc' | 'musl' {
  const report = process.report?.getReport() as { header?: { glibcVersionRuntime?: string } }
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'musl'
}

/**
 * Where the addon may be, in order: `$WARP_SHARED_NATIVE_ADDON`; the prebuild
 * `prebuilds/<platform>-<arch>/warp-shared.napi.<libc>.node` shipped in the package
 * (skipped when `WARP_SHARED_NATIVE_NO_PREBUILD=1`); the local build in
 * `build/Release`.
 */
export function addonCandidates(): string[] {
  const root = packageRoot()
  const candidates: string[] = []
  const forced = process.env.WARP_SHARED_NATIVE_ADDON
  if (forced) candidates.push(forced)
  if (process.env.WARP_SHARED_NATIVE_NO_PREBUILD !== '1') {
    candidates.push(
      join(
        root,
        'prebuilds',
        `${process.platform}-${process.arch}`,
        `warp-shared.napi.${libc()}.node`,
      ),
    )
  }
  candidates.push(join(root, 'build', 'Release', 'warp_shared.node'))
  return candidates
}

/**
 * Loads the addon from the first of {@link addonCandidates} that exists. Throws
 * `CacheError` `E_NATIVE_MISSING` saying how to build it when none does, or when
 * the one found does not load.
 */
export function loadNative(): NativeModule {
  if (loaded) return loaded
  const root = packageRoot()
  const build =
    'Build it from source with `npm rebuild @warp/shared-native` (needs Linux, cmake and a C++17 compiler; ' +
    `Debian/Ubuntu: \`apt-get install cmake g++\`), or run \`node scripts/build-native.mjs\` in ${root}.`
  if (process.platform !== 'linux' && !process.env.WARP_SHARED_NATIVE_ADDON) {
    throw new CacheError(
      'E_NATIVE_MISSING',
      `@warp/shared-native runs on Linux only (it needs robust process-shared mutexes); this is ${process.platform}.`,
    )
  }
  const candidates = addonCandidates()
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
          `(${cause instanceof Error ? cause.message : String(cause)}). ${build}`,
        { cause },
      )
    }
  }
  throw new CacheError(
    'E_NATIVE_MISSING',
    `@warp/shared-native: no native addon for ${process.platform}-${process.arch} (${libc()}): ` +
      `looked for ${candidates.join(', ')}. Prebuilt binaries ship for linux-x64 (glibc). ${build}`,
  )
}

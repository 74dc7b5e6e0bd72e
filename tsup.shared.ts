import { defineConfig, type Options } from 'tsup'

/**
 * The build every published warp package uses: ESM and CommonJS, each with its
 * own declarations (.d.ts / .d.cts), for Node ≥ 20, with code shared between entry
 * points kept in one chunk per format. `overrides` adds to it.
 */
export function warpBuild(entry: Record<string, string>, overrides: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    // Shared chunks in both formats: without them each CommonJS entry (`.`, `./codec`,
    // `./testing`) would carry its own copy of CacheError, and `instanceof` would fail
    // across entries.
    splitting: true,
    ...overrides,
  })
}

import { defineConfig, type Options } from 'tsup'

/**
 * The build every published warp package uses: ESM and CommonJS, each with its
 * own declarations (.d.ts / .d.cts), for Node ≥ 20. `overrides` adds to it.
 * CommonJS entries are not split (tsup's CJS splitting rewrites class fields), so each
 * carries its own copy of shared code: classes compared across entries brand themselves
 * (see `CacheError`).
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
    ...overrides,
  })
}

import { fileURLToPath } from 'node:url'
import { mergeConfig } from 'vitest/config'
import { warpProject } from '../../vitest.shared.js'

// Cross-process tests start real processes that import a bundle of src/ built by
// the global setup; SharedCache cases use the shared-native test build (its
// `clock` hook), built on demand.
const testAddon = fileURLToPath(
  new URL('../shared-native/build-test/Release/warp_shared.node', import.meta.url),
)
export default mergeConfig(warpProject('async', { testTimeout: 60_000 }), {
  test: {
    globalSetup: ['./test/helpers/global-setup.ts'],
    hookTimeout: 60_000,
    env: { WARP_SHARED_NATIVE_ADDON: testAddon },
  },
})

import { fileURLToPath } from 'node:url'
import { mergeConfig } from 'vitest/config'
import { warpProject } from '../../vitest.shared.js'

// Tests start real processes and workers; they import a bundle of src/ that the
// global setup builds (child processes cannot load TypeScript on Node 20). They use
// the test build of the addon (build-test/, with its test hooks), built on demand.
const testAddon = fileURLToPath(new URL('./build-test/Release/warp_shared.node', import.meta.url))
export default mergeConfig(warpProject('shared-native', { testTimeout: 60_000 }), {
  test: {
    globalSetup: ['./test/helpers/global-setup.ts'],
    hookTimeout: 60_000,
    env: { WARP_SHARED_NATIVE_ADDON: testAddon },
  },
})

import { mergeConfig } from 'vitest/config'
import { warpProject } from '../../vitest.shared.js'

// Tests start real processes and workers; they import a bundle of src/ that the
// global setup builds (child processes cannot load TypeScript on Node 20).
export default mergeConfig(warpProject('shared-native', { testTimeout: 60_000 }), {
  test: { globalSetup: ['./test/helpers/global-setup.ts'], hookTimeout: 60_000 },
})

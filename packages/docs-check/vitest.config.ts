import { warpProject } from '../../vitest.shared.js'

// Each README block runs in a child process (or one tsc run): generous, for a loaded 2-core box.
export default warpProject('docs-check', { testTimeout: 180_000 })

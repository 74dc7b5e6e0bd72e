import { warpProject } from '../../vitest.shared.js'

// Packing, installing and compiling take minutes on a loaded 2-core machine.
export default warpProject('published', { testTimeout: 600_000, hookTimeout: 900_000 })

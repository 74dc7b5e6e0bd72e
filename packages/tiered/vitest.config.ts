import { defineProject, mergeConfig } from 'vitest/config'
import { warpProject } from '../../vitest.shared.js'

// global-setup starts a private redis-server when WARP_REDIS_URL is not set and redis-server is
// on PATH, and bundles src/ for the child processes of the multi-process tests.
export default mergeConfig(
  warpProject('tiered', { testTimeout: 60_000, hookTimeout: 60_000 }),
  defineProject({ test: { globalSetup: ['./test/global-setup.ts'], fileParallelism: false } }),
)

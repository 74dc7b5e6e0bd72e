import { defineProject, mergeConfig } from 'vitest/config'
import { warpProject } from '../../vitest.shared.js'

// Starts a redis-server and a 3-master Cluster for the tests when WARP_REDIS_URL and
// WARP_REDIS_CLUSTER are not set and redis-server is on PATH (see test/global-setup.ts).
export default mergeConfig(
  warpProject('redis', { testTimeout: 60_000 }),
  defineProject({ test: { globalSetup: ['./test/global-setup.ts'], fileParallelism: false } }),
)

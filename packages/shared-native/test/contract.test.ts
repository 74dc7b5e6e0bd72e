import { backendContractSuite } from '@warp/core/testing'
import { afterAll, it } from 'vitest'
import { SharedCache } from '../src/index.js'
import { tempDir } from './helpers/env.js'

const { dir, cleanup } = tempDir()
afterAll(() => cleanup())

// TTL runs on the suite's ManualClock through the test-only `clock` option (the
// test build of the addon has the hook): the C++ TTL math then reads clock.now()
// from this process instead of CLOCK_MONOTONIC.
// (test/cross-process.test.ts checks TTL across processes on the real clock.)
backendContractSuite({
  test: it,
  createBackend: ({ capacity, clock, name }) =>
    new SharedCache({ name, dir, max: capacity, clock }),
  capabilities: {
    mode: 'sync',
    ttl: true,
    crossProcess: true,
    bytesOnly: true,
    exactEviction: true,
  },
  name: 'SharedCache contract',
})

import { backendContractSuite } from '@warp/core/testing'
import { it } from 'vitest'
import { SieveCache } from '../src/index.js'

const capabilities = {
  mode: 'sync',
  ttl: true,
  crossProcess: false,
  bytesOnly: false,
  exactEviction: true,
} as const

backendContractSuite({
  test: it,
  name: 'SieveCache contract',
  capabilities,
  createBackend: ({ capacity, clock }) => new SieveCache({ max: capacity, perf: clock }),
})

backendContractSuite({
  test: it,
  name: 'SieveCache (size-bounded) contract',
  capabilities,
  createBackend: ({ capacity, clock }) =>
    new SieveCache({
      max: capacity,
      maxSize: capacity * 10,
      sizeCalculation: () => 1,
      perf: clock,
    }),
})

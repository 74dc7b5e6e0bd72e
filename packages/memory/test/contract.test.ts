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

for (const policy of ['sieve', 'lru', 'tinylfu'] as const) {
  backendContractSuite({
    test: it,
    name: `SieveCache (${policy}) contract`,
    capabilities,
    createBackend: ({ capacity, clock }) => new SieveCache({ max: capacity, perf: clock, policy }),
  })
}

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

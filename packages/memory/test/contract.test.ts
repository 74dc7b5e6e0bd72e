import { backendContractSuite } from '@warp/core/testing'
import { it } from 'vitest'
import { SieveCache } from '../src/index.js'

backendContractSuite({
  test: it,
  name: 'SieveCache contract',
  createBackend: ({ capacity, clock }) => new SieveCache({ max: capacity, perf: clock }),
})

backendContractSuite({
  test: it,
  name: 'SieveCache (size-bounded) contract',
  createBackend: ({ capacity, clock }) =>
    new SieveCache({
      max: capacity,
      maxSize: capacity * 10,
      sizeCalculation: () => 1,
      perf: clock,
    }),
})

import { it } from 'vitest'
import { backendContractSuite, ReferenceBackend } from '../src/testing/index.js'

backendContractSuite({
  test: it,
  name: 'reference backend (sync)',
  createBackend: ({ capacity, clock }) =>
    new ReferenceBackend({ mode: 'sync', max: capacity, clock }),
})

backendContractSuite({
  test: it,
  name: 'reference backend (async)',
  createBackend: ({ capacity, clock }) =>
    new ReferenceBackend({ mode: 'async', max: capacity, clock }),
})

import { it } from 'vitest'
import { backendContractSuite, ReferenceBackend } from '../src/testing/index.js'
import { SharedByName } from './support/shared-by-name.js'

const reference = { ttl: true, crossProcess: false, bytesOnly: false, exactEviction: true }

backendContractSuite({
  test: it,
  name: 'reference backend (sync)',
  capabilities: { mode: 'sync', ...reference },
  createBackend: ({ capacity, clock }) =>
    new ReferenceBackend({ mode: 'sync', max: capacity, clock }),
})

backendContractSuite({
  test: it,
  name: 'reference backend (async)',
  capabilities: { mode: 'async', ...reference },
  createBackend: ({ capacity, clock }) =>
    new ReferenceBackend({ mode: 'async', max: capacity, clock }),
})

// As a networked store is run: the backend keeps its own (real) clock.
backendContractSuite({
  test: it,
  name: 'reference backend (async, real clock)',
  capabilities: { mode: 'async', ...reference },
  clock: 'real',
  createBackend: ({ capacity }) => new ReferenceBackend({ mode: 'async', max: capacity }),
})

// Handles that share one store per name, as handles of a networked store do.
backendContractSuite({
  test: it,
  name: 'shared-by-name async backend',
  capabilities: {
    mode: 'async',
    ttl: true,
    crossProcess: true,
    bytesOnly: false,
    exactEviction: true,
  },
  createBackend: ({ capacity, clock, name }) => new SharedByName(name, capacity, clock),
})

import { backendContractSuite } from '@warp/core/testing'
import { describe, it } from 'vitest'
import { RedisCache } from '../src/index.js'
import { clusterNodes, redisServers } from './servers.js'

const servers = redisServers()
const capabilities = {
  mode: 'async',
  ttl: true,
  crossProcess: true,
  bytesOnly: true,
  exactEviction: false,
} as const

describe.skipIf(servers.skip)(`single server ${servers.skip ?? servers.url}`, () => {
  backendContractSuite({
    test: it,
    capabilities,
    clock: 'real',
    createBackend: ({ name }) => new RedisCache({ url: servers.url, prefix: name }),
  })
})

describe.skipIf(servers.skip)(
  `3-master Cluster ${servers.skip ?? servers.cluster?.join(',')}`,
  () => {
    backendContractSuite({
      test: it,
      capabilities,
      clock: 'real',
      createBackend: ({ name }) =>
        new RedisCache({ cluster: { nodes: clusterNodes(servers.cluster ?? []) }, prefix: name }),
    })
  },
)

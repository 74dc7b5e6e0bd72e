import { backendContractSuite } from '@warp/core/testing'
import { SieveCache } from '@warp/memory'
import { RedisCache } from '@warp/redis'
import { describe, it } from 'vitest'
import { TieredCache } from '../src/index.js'
import { redisServer } from './servers.js'

const server = redisServer()

describe.skipIf(server.skip)(`SieveCache over RedisCache ${server.skip ?? server.url}`, () => {
  backendContractSuite({
    test: it,
    capabilities: {
      mode: 'async',
      ttl: true,
      crossProcess: true,
      bytesOnly: true,
      exactEviction: false,
    },
    // The server keeps L2's clock; L1 gets the same TTL on set, so real short TTLs apply.
    clock: 'real',
    createBackend: ({ name, capacity }) =>
      new TieredCache({
        l1: new SieveCache({ max: capacity }),
        l2: new RedisCache({ url: server.url, prefix: name }),
      }),
  })
})

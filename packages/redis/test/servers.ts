import { inject } from 'vitest'

/**
 * The servers the tests use: from the environment (CI: scripts/redis-servers.sh), or the ones
 * test/global-setup.ts started. `skip` says why there are none; with CI=true that is a failure.
 */
export function redisServers(): { url?: string; cluster?: string[]; skip?: string } {
  const url = process.env.WARP_REDIS_URL || inject('WARP_REDIS_URL')
  const cluster = process.env.WARP_REDIS_CLUSTER || inject('WARP_REDIS_CLUSTER')
  if (url && cluster) return { url, cluster: cluster.split(',') }
  const reason =
    'no Redis server: set WARP_REDIS_URL and WARP_REDIS_CLUSTER, or put redis-server on PATH'
  if (process.env.CI === 'true')
    throw new Error(`${reason} (CI=true: a missing server is a failure)`)
  return { skip: reason }
}

/** `host:port` strings as iovalkey Cluster nodes. */
export function clusterNodes(cluster: readonly string[]): { host: string; port: number }[] {
  return cluster.map((node) => {
    const [host, port] = node.split(':')
    return { host: host as string, port: Number(port) }
  })
}

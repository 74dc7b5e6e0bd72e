import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { freePort, haveRedisServer, OwnServer } from '../../redis/test/own-server.js'
import { bundleForNode } from './bundle.js'

const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Starts one private redis-server on a free port for the run (unless WARP_REDIS_URL is set or
 * redis-server is missing — the tests then skip, or fail under CI=true), and bundles src/ with its peers for the child processes of
 * the multi-process tests (they run plain Node, without vitest's TypeScript loader).
 */
export default async function setup(
  project: TestProject,
): Promise<(() => Promise<void>) | undefined> {
  await bundleForNode(
    `${root}/test/fixtures/bundle-entry.ts`,
    `${root}/build/test-bundle/index.mjs`,
  )
  if (process.env.WARP_REDIS_URL || !haveRedisServer) return undefined
  const server = new OwnServer(await freePort())
  await server.start()
  process.env.WARP_REDIS_URL = server.url
  project.provide('WARP_REDIS_URL', server.url)
  return () => server.kill()
}

declare module 'vitest' {
  export interface ProvidedContext {
    WARP_REDIS_URL: string
  }
}

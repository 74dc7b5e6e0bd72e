import { defineProject } from 'vitest/config'

/**
 * The vitest project every package uses. The `@warp/source` condition makes
 * workspace imports resolve to `src/*.ts`, so tests never run against a stale build.
 */
export function warpProject(
  name: string,
  overrides: { testTimeout?: number; hookTimeout?: number } = {},
) {
  return defineProject({
    resolve: { conditions: ['@warp/source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@warp/source', 'import', 'module', 'node', 'default'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      // CI is a 2-core box shared with other work: a test that takes 2 s alone can take 20 s there.
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: overrides.hookTimeout ?? 60_000,
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  })
}

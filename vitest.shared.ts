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
      testTimeout: overrides.testTimeout ?? 20_000,
      hookTimeout: overrides.hookTimeout ?? 20_000,
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  })
}

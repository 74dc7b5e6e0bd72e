import { defineProject } from 'vitest/config'

/**
 * The vitest project every package uses. The `@warp/source` condition makes
 * workspace imports resolve to `src/*.ts`, so tests never run against a stale build.
 */
export function warpProject(name: string, overrides: { testTimeout?: number } = {}) {
  return defineProject({
    resolve: { conditions: ['@warp/source', 'import', 'module', 'node', 'default'] },
    ssr: { resolve: { conditions: ['@warp/source', 'import', 'module', 'node', 'default'] } },
    test: {
      name,
      include: ['test/**/*.test.ts'],
      environment: 'node',
      // CI is a 2-core box shared with other work: a test that takes 2 s alone can take 20 s there.
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 60_000,
      // fast-check reports the seed and path of a failing property in its own error, so the
      // seed lines property tests print up front are noise on a passing run: drop them.
      onConsoleLog: (log: string) => !/fast-check\]?.*seed|\[fast-check\]/.test(log),
      typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  })
}

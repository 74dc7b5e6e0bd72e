import { warpBuild } from '../../tsup.shared.js'

// Private CLI package: ESM only. `runner` is its own entry because the harness forks it.
// The redis and tiered suites' peers are devDependencies, which tsup would bundle: keep them external.
export default warpBuild(
  { index: 'src/index.ts', cli: 'src/cli.ts', runner: 'src/runner.ts' },
  {
    format: ['esm'],
    dts: false,
    splitting: true,
    external: [
      'iovalkey',
      'keyv',
      '@keyv/redis',
      'cache-manager',
      'bentocache',
      'ioredis',
      'cacheable',
      'qified',
      '@qified/redis',
    ],
  },
)

import { warpBuild } from '../../tsup.shared.js'

// Private CLI package: ESM only. `runner` is its own entry because the harness forks it.
export default warpBuild(
  { index: 'src/index.ts', cli: 'src/cli.ts', runner: 'src/runner.ts' },
  { format: ['esm'], dts: false, splitting: true },
)

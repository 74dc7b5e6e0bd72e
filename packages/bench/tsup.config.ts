import { defineConfig } from 'tsup'

// Private CLI package: ESM only. `runner` is its own entry because the harness forks it.
export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts', runner: 'src/runner.ts' },
  format: ['esm'],
  dts: false,
  clean: true,
  sourcemap: true,
  target: 'node20',
  platform: 'node',
  splitting: true,
})

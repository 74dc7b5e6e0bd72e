#!/usr/bin/env node
// Thin launcher so the bin exists before the first build; the CLI itself is dist/cli.js.
import { existsSync } from 'node:fs'

const cli = new URL('../dist/cli.js', import.meta.url)
if (!existsSync(cli)) {
  process.stderr.write('warp-bench: not built yet. Run `npm run build` at the repo root first.\n')
  process.exit(2)
}
await import(cli.href)

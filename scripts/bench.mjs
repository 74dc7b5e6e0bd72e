#!/usr/bin/env node
// `npm run bench [-- args]`: build @warp/bench and what it depends on, then run warp-bench.
// The build's log is hidden unless it fails or `--verbose` is given, so the first thing on the
// screen is the benchmark itself. Every other argument goes to warp-bench.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('..', import.meta.url).pathname
const args = process.argv.slice(2)
const verbose = args.includes('--verbose')
const benchArgs = args.filter((a) => a !== '--verbose')
const nx = join(root, 'node_modules', '.bin', 'nx')
const build = ['run', '@warp/bench:build', '--outputStyle=static']

let status
if (verbose) {
  status = spawnSync(nx, build, { cwd: root, stdio: ['ignore', 2, 2] }).status
} else {
  process.stderr.write(
    'warp-bench: building the packages (log shown only on failure; --verbose shows it)…\n',
  )
  const dir = mkdtempSync(join(tmpdir(), 'warp-bench-build-'))
  const log = join(dir, 'build.log')
  const r = spawnSync('sh', ['-c', `"${nx}" ${build.join(' ')} > "${log}" 2>&1`], {
    cwd: root,
    stdio: 'ignore',
  })
  status = r.status
  if (status !== 0) process.stderr.write(readFileSync(log, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
}
if (status !== 0) {
  process.stderr.write(`warp-bench: the build failed (exit ${status})\n`)
  process.exit(status ?? 1)
}
const run = spawnSync(
  process.execPath,
  [join(root, 'packages/bench/bin/warp-bench.mjs'), ...benchArgs],
  {
    cwd: process.cwd(),
    stdio: 'inherit',
  },
)
process.exit(run.status ?? 1)

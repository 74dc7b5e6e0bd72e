// Builds the addon with cmake-js: build/Release/warp_shared.node, or with
// `--test-hooks` the test build (setTimeOverride, holdLockForTest) in
// build-test/Release/warp_shared.node. Node-API only (package.json
// `binary.napi_versions`): cmake-js takes the headers from node-api-headers and
// downloads nothing. Exits non-zero when the build fails.
//
// The test build can be asked for by several test runs at once (the shared-native and
// async suites each build it when it is missing, and `npm test` runs them in parallel):
// each builds in a directory of its own and renames the result into place, so a
// process never loads a half-written file and two cmake runs never share a tree.
import { spawnSync } from 'node:child_process'
import { mkdirSync, renameSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { root } from './native-paths.mjs'
import { missingTools, toolsHelp } from './require-tools.mjs'

const testHooks = process.argv.includes('--test-hooks')
if (process.platform !== 'linux') {
  console.error(`@warp/shared-native: the addon builds on Linux only (this is ${process.platform})`)
  process.exit(1)
}
const missing = missingTools()
if (missing.length > 0) {
  console.error(toolsHelp(missing))
  process.exit(1)
}
const cli = createRequire(import.meta.url).resolve('cmake-js/bin/cmake-js')
const args = [cli, 'compile', '--log-level', 'warn']
const privateOut = `build-test.${process.pid}`
if (testHooks) args.push('--out', privateOut, '--CDWARP_TEST_HOOKS=ON')
const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' })
if (result.status !== 0) {
  if (testHooks) rmSync(join(root, privateOut), { recursive: true, force: true })
  console.error(
    '@warp/shared-native: the native build failed (output above). It needs Linux, cmake ≥ 3.15 ' +
      'and a C++17 compiler (Debian/Ubuntu: apt-get install cmake g++).',
  )
  process.exit(result.status ?? 1)
}
if (testHooks) {
  mkdirSync(join(root, 'build-test', 'Release'), { recursive: true })
  // rename(2) replaces the file atomically; a process that has the old one loaded keeps it.
  renameSync(
    join(root, privateOut, 'Release', 'warp_shared.node'),
    join(root, 'build-test', 'Release', 'warp_shared.node'),
  )
  rmSync(join(root, privateOut), { recursive: true, force: true })
}

// The package's `install` script: builds build/Release/warp_shared.node with
// cmake-js. Node-API only (package.json `binary.napi_versions`), so cmake-js takes
// the headers from the node-api-headers package and downloads nothing.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { requireTools } from './require-tools.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
requireTools()

const require = createRequire(import.meta.url)
let cli
try {
  cli = require.resolve('cmake-js/bin/cmake-js')
} catch {
  console.error('@warp/shared-native: cmake-js is not installed; run `npm install` first.')
  process.exit(1)
}
const result = spawnSync(process.execPath, [cli, 'compile', '--log-level', 'warn'], {
  cwd: root,
  stdio: 'inherit',
})
if (result.status !== 0) {
  console.error(
    '@warp/shared-native: the native build failed (output above). It needs Linux, cmake ≥ 3.15 ' +
      'and a C++17 compiler (Debian/Ubuntu: apt-get install cmake g++).',
  )
  process.exit(result.status ?? 1)
}

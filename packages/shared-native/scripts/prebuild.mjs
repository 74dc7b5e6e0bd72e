// `prepack`: builds the addon and places it where the loader looks first,
// prebuilds/<platform>-<arch>/warp-shared.napi.<libc>.node. Node-API, so one binary
// serves every Node version of a platform and arch. Never committed (.gitignore).
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { prebuildPath, root } from './native-paths.mjs'

const built = spawnSync(process.execPath, [`${root}scripts/build-native.mjs`], {
  cwd: root,
  stdio: 'inherit',
})
if (built.status !== 0) process.exit(built.status ?? 1)
const target = prebuildPath()
mkdirSync(dirname(target), { recursive: true })
copyFileSync(`${root}build/Release/warp_shared.node`, target)
console.log(`@warp/shared-native: prebuild ${target}`)

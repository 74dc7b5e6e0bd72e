// cache-manager v7 over a warp SharedCache, through @warp/keyv: two processes share one cache,
// so the second process gets the value the first one loaded without calling the loader.
// Run with `node examples/cache-manager-shared.mjs` after `npm run build`.
import { fork } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { KeyvWarp } from '@warp/keyv'
import { SharedCache } from '@warp/shared-native'
import { createCache } from 'cache-manager'
import Keyv from 'keyv'

const role = process.argv[2] ?? 'parent'
const dir = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'warp-example-'))

function open() {
  const shared = new SharedCache({
    name: 'cache-manager-example',
    dir,
    max: 1000,
    maxValueBytes: 4096,
  })
  return createCache({ stores: [new Keyv({ store: new KeyvWarp(shared), namespace: 'products' })] })
}

let loads = 0
async function loadProduct(id) {
  loads++
  return { id, name: `product ${id}`, loadedBy: process.pid }
}

const cache = open()
const product = await cache.wrap('product:7', () => loadProduct(7), 60_000)
console.log(
  `${role} ${process.pid}: product:7 loaded by ${product.loadedBy}, loader calls here: ${loads}`,
)

if (role === 'parent') {
  const child = fork(new URL(import.meta.url).pathname, ['child', dir], { stdio: 'inherit' })
  const code = await new Promise((resolve) => child.on('exit', resolve))
  await cache.disconnect()
  rmSync(dir, { recursive: true, force: true })
  if (code !== 0) throw new Error(`child exited with ${code}`)
} else {
  await cache.disconnect()
  // The child found the parent's entry in shared memory.
  if (loads !== 0) throw new Error('the child should have been served from the shared cache')
}

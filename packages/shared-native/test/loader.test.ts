import { execFileSync } from 'node:child_process'
import { expect, it } from 'vitest'
import { bundle } from './helpers/env.js'

it('without the addon, importing works and constructing throws E_NATIVE_MISSING saying how to build', () => {
  // The test bundle lives in build/test-bundle/, where no build/Release is beside it,
  // and WARP_SHARED_NATIVE_ADDON is not set: exactly a package whose install script did not run.
  const env = { ...process.env }
  delete env.WARP_SHARED_NATIVE_ADDON
  const script = `
    const { SharedCache } = await import(${JSON.stringify(bundle)})
    try { new SharedCache({ name: 'x', dir: '/dev/shm/warp-never' }) }
    catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })) }`
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env,
    encoding: 'utf8',
  })
  const error = JSON.parse(out) as { name: string; code: string; message: string }
  expect(error.name).toBe('CacheError')
  expect(error.code).toBe('E_NATIVE_MISSING')
  expect(error.message).toContain('apt-get install cmake g++')
  expect(error.message).toContain('npm rebuild @warp/shared-native')
})

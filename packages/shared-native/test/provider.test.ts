import { createCache } from '@warp/core'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { backendProvider, SharedCache } from '../src/index.js'
import { sharedCacheOptionSpecs } from '../src/options.js'
import { tempDir, uniqueName } from './helpers/env.js'

let dir: string
let cleanup: () => void
beforeEach(() => {
  ;({ dir, cleanup } = tempDir())
})
afterEach(() => cleanup())

it('createCache finds the shared backend by name and by URL', async () => {
  const name = uniqueName('provider')
  const byName = await createCache({ backend: 'shared', name, dir, max: 100 })
  expect(byName).toBeInstanceOf(SharedCache)
  byName.set('k', 'v')
  const byUrl = await createCache(`shared://${name}?max=100&dir=${encodeURIComponent(dir)}`)
  expect(byUrl.get('k')).toBe('v')
  expect(byUrl.mode).toBe('sync')
  await byName.close?.()
  await byUrl.close?.()
})

it("the provider checks with the constructor's own spec; createCache turns a bad size into E_INVALID_OPTION", async () => {
  expect(backendProvider.name).toBe('shared')
  expect(backendProvider.mode).toBe('sync')
  expect(backendProvider.options).toBe(sharedCacheOptionSpecs)
  await expect(createCache({ backend: backendProvider, dir, max: 10 })).rejects.toMatchObject({
    code: 'E_INVALID_OPTION',
  })
  await expect(
    createCache({ backend: backendProvider, name: 'x', dir, max: 0 }),
  ).rejects.toMatchObject({ code: 'E_INVALID_OPTION' })
})

import { expect, it } from 'vitest'
import { tempDir } from './helpers/env.js'
import { runFixtureWith } from './helpers/run.js'

it('20,000 open/close cycles grow RSS by less than 10 MB after gc()', async () => {
  const { dir, cleanup } = tempDir()
  try {
    const { grew } = await runFixtureWith<{ grew: number }>(['--expose-gc'], 'open-close.mjs', {
      dir,
      cycles: 20_000,
    })
    expect(grew).toBeLessThan(10 * 1024 * 1024)
  } finally {
    cleanup()
  }
}, 120_000)

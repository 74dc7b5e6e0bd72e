import { mkdtempSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The package directory. */
export const root = fileURLToPath(new URL('../..', import.meta.url))
/** The bundle of src/ that child processes and workers import (built by global-setup). */
export const bundle = `${root}/build/test-bundle/index.mjs`
/** The test build of the addon (with test hooks); children find it through this variable since the bundle lives in build/. */
export const addon = `${root}/build-test/Release/warp_shared.node`
/** Environment for children. */
export const childEnv = { ...process.env, WARP_SHARED_NATIVE_ADDON: addon }

/** A fresh private directory in /dev/shm; remove it with `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync('/dev/shm/warp-test-')
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A name unique to this test run. */
export function uniqueName(label: string): string {
  return `${label}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`
}

// What child processes and workers import (bundled by global-setup.ts).
export { memoize } from '@warp/core'
export * from '../../src/index.js'

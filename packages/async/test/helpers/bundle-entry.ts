// What the cross-process tests' child processes import (bundled by global-setup.ts).
export { SharedCache } from '@warp/shared-native'
// Test-only: the waiters' poll counters (not part of the package's exports).
export { claimWaitProbe } from '../../src/claimed-load.js'
export * from '../../src/index.js'

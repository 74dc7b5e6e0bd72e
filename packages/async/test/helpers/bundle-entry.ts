// What the cross-process tests' child processes import (bundled by global-setup.ts).
export { SharedCache } from '@warp/shared-native'
export * from '../../src/index.js'

export type { KeyvWarpBackend, KeyvWarpOptions, KeyvWarpOpts } from './keyv-warp.js'
export { KeyvWarp } from './keyv-warp.js'

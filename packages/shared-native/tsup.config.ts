import { warpBuild } from '../../tsup.shared.js'

// shims: import.meta.url in the CJS build (the addon loader finds build/ from it).
export default warpBuild({ index: 'src/index.ts' }, { shims: true })

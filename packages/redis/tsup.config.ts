import { warpBuild } from '../../tsup.shared.js'

// shims: the CommonJS build gets an import.meta.url for createRequire (iovalkey is loaded lazily).
export default warpBuild({ index: 'src/index.ts' }, { shims: true })

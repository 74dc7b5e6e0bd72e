import { warpBuild } from '../../tsup.shared.js'

export default warpBuild({ index: 'src/index.ts' })

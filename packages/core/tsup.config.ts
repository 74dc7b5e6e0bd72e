import { warpBuild } from '../../tsup.shared.js'

export default warpBuild({
  index: 'src/index.ts',
  'codec/index': 'src/codec/index.ts',
  'testing/index': 'src/testing/index.ts',
})

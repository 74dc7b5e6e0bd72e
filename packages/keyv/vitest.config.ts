import { warpProject } from '../../vitest.shared.js'

export default warpProject('keyv')

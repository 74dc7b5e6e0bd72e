export { encodeKey, encodeKeyString } from './key.js'
export type { TagByte } from './tags.js'
export { CODEC_ID, MAX_DEPTH, Tag } from './tags.js'
export { decodeRange, decodeValue, encodeInto, encodeValue } from './value.js'

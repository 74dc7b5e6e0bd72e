// The codec every byte backend shares. (Points at the interim stand-in until
// core's codec is on main.)
export { CODEC_ID, decodeValue, encodeKey, encodeValue } from './interim-codec.js'

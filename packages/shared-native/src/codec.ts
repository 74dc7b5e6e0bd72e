// The codec every byte backend shares: core's. Its CODEC_ID is recorded in each
// region's header, so a region written with another byte format is refused.
export { CODEC_ID, decodeRange, encodeInto, encodeKey, encodeValue } from '@warp/core/codec'

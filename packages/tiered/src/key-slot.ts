/**
 * The Redis Cluster hash slot (0–16383) of a key or shard channel, as `CLUSTER KEYSLOT`
 * computes it: CRC16 (XMODEM) of the key's UTF-8 bytes modulo 16384, where a non-empty
 * `{…}` hash tag, the first one, stands for the whole key.
 */
export function keySlot(key: string): number {
  let bytes = Buffer.from(key, 'utf8')
  const open = bytes.indexOf(0x7b) // '{'
  if (open !== -1) {
    const close = bytes.indexOf(0x7d, open + 1) // '}'
    if (close > open + 1) bytes = bytes.subarray(open + 1, close)
  }
  let crc = 0
  for (const byte of bytes) {
    crc ^= byte << 8
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
  }
  return crc % 16384
}

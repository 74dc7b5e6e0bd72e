/**
 * The Redis Cluster hash slot of a key (0–16383): CRC16-CCITT (XMODEM) of the key, or of the
 * part between the first `{` and the next `}` when that part is not empty, modulo 16384.
 * Used to group batches so each command touches one slot.
 */
export function keySlot(key: Uint8Array): number {
  let start = 0
  let end = key.length
  const open = key.indexOf(0x7b)
  if (open >= 0) {
    const close = key.indexOf(0x7d, open + 1)
    if (close > open + 1) {
      start = open + 1
      end = close
    }
  }
  let crc = 0
  for (let i = start; i < end; i++) {
    crc ^= (key[i] as number) << 8
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
    }
  }
  return crc & 16383
}

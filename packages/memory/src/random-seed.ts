/** A fresh uint32 seed per instance (crypto-grade where available). */
export function randomSeed(): number {
  const c = (globalThis as { crypto?: { getRandomValues(a: Uint32Array): Uint32Array } }).crypto
  if (c !== undefined) return c.getRandomValues(new Uint32Array(1))[0]!
  return (Math.random() * 2 ** 32) >>> 0
}

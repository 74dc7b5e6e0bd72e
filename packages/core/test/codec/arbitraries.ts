import fc from 'fast-check'

/** One UTF-16 "unit" for strings: mostly ASCII, any code point, and lone surrogates. */
const unit = fc.oneof(
  { arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), weight: 4 },
  {
    arbitrary: fc.integer({ min: 0, max: 0x10ffff }).map((c) => String.fromCodePoint(c)),
    weight: 2,
  },
  {
    arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
    weight: 1,
  },
)

/** Strings of any kind, including lone surrogates, long ones now and then. */
export const anyString = fc.oneof(
  { arbitrary: fc.string({ unit }), weight: 5 },
  { arbitrary: fc.string({ unit, minLength: 30, maxLength: 200 }), weight: 1 },
)

/** Numbers with every edge: -0, NaN, ±Infinity, int32 bounds, large integers, fractions. */
export const anyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, Number.NaN),
  fc.constantFrom(
    0,
    -0,
    Number.NaN,
    Infinity,
    -Infinity,
    2 ** 31,
    -(2 ** 31),
    2 ** 31 - 1,
    2 ** 53,
    -(2 ** 53),
    Number.MIN_VALUE,
    Number.MAX_VALUE,
  ),
  fc.maxSafeInteger(),
)

export const anyBigInt = fc.oneof(
  fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }),
  fc.bigInt({ min: -(2n ** 600n), max: 2n ** 600n }),
  fc.constantFrom(
    0n,
    -1n,
    2n ** 48n,
    -(2n ** 48n),
    2n ** 63n,
    -(2n ** 63n),
    2n ** 64n - 1n,
    2n ** 64n,
  ),
)

export const anyBytes = fc.oneof(
  fc.uint8Array({ maxLength: 80 }),
  fc.uint8Array({ maxLength: 80 }).map((bytes) => Buffer.from(bytes)),
)

export const anyDate = fc.oneof(
  fc.date({ noInvalidDate: false }),
  fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)),
)

/** Every primitive the codec writes directly. */
export const anyPrimitive = fc.oneof(
  fc.constantFrom(undefined, null, true, false),
  anyNumber,
  anyBigInt,
  anyString,
  anyBytes,
)

/** Object keys, including `__proto__`, integer-like keys and lone surrogates. */
const anyKey = fc.oneof(
  {
    arbitrary: fc.constantFrom('__proto__', '0', '1', '10', 'constructor', 'toString', ''),
    weight: 1,
  },
  { arbitrary: anyString, weight: 4 },
)

/** A plain object whose keys may include `__proto__`, set as an own property. */
function plainObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of entries) {
    Object.defineProperty(out, key, { value, writable: true, enumerable: true, configurable: true })
  }
  return out
}

/** Everything the codec supports, nested. */
export const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; structured: unknown }>(
  (tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      anyPrimitive,
      anyDate,
      tie('structured'),
    ),
    structured: fc.oneof(
      fc.array(tie('value'), { maxLength: 6 }),
      fc.array(fc.tuple(anyKey, tie('value')), { maxLength: 6 }).map(plainObject),
      fc
        .array(fc.tuple(tie('value'), tie('value')), { maxLength: 5 })
        .map((entries) => new Map(entries)),
      fc.array(tie('value'), { maxLength: 5 }).map((items) => new Set(items)),
    ),
  }),
).value

/**
 * Objects and arrays of numbers, bigints, ASCII strings, Dates and bytes, with
 * ASCII keys: nothing that forces the marker path, so the fast path is tested alone.
 */
export const anyPlainValue: fc.Arbitrary<unknown> = fc.letrec<{
  value: unknown
  structured: unknown
}>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    anyNumber,
    anyBigInt,
    fc.string(),
    fc.constantFrom(undefined, null, true),
    anyBytes,
    anyDate,
    tie('structured'),
  ),
  structured: fc.oneof(
    fc.array(tie('value'), { maxLength: 6 }),
    fc.dictionary(fc.string(), tie('value'), { maxKeys: 6 }).map((o) => ({ ...o })),
    fc.array(tie('value'), { maxLength: 5 }).map((items) => new Set(items)),
  ),
})).value

/** Structured values only (objects, arrays, Maps, Sets, Dates). */
export const anyStructured = fc.oneof(
  anyValue.filter((v) => typeof v === 'object' && v !== null && !(v instanceof Uint8Array)),
  anyDate,
)

/** fast-check options with a printed seed (`FC_SEED=… npx vitest run` replays a run). */
export function property(name: string, numRuns = 300): { seed: number; numRuns: number } {
  const seed = process.env.FC_SEED
    ? Number(process.env.FC_SEED)
    : (Date.now() ^ (Math.random() * 0x7fffffff)) | 0
  console.log(`[fast-check] ${name}: seed ${seed}`)
  return { seed, numRuns }
}

// Mirrors src/native/addon/result_codes.h (test/result-codes.test.ts checks that
// the two agree): what the addon's calls answer with.

/** The addon's result numbers, by their C++ names without the `k`. */
export const ResultCode = {
  /** get: a miss. */
  Miss: -1,
  /** This key needs the JS codec: call again with `encodeKey`'s bytes. */
  NeedsCodec: -2,
  /** A key or value argument of the wrong type. */
  BadArgument: -3,
  /** claim: every claim slot the key may use is held for other keys; retry later. */
  ClaimFull: -4,
  /** get: `RememberedBase - i` is reader memo entry i. */
  RememberedBase: -16,
  /** set: stored. */
  Stored: 0,
  /** set: refused as oversize. */
  Oversize: 1,
  /** has / delete: absent. */
  Absent: 0,
  /** has / delete: present (delete: removed). */
  Present: 1,
} as const

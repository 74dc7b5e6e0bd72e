// The native addon's surface, declared only (the implementation is
// src/native/addon/addon.cc). Return codes are numbers so no call allocates.

/** What `open` needs; validated by {@link SharedCache} before it gets here. */
export interface NativeOpenOptions {
  dir: string
  name: string
  max: number
  maxKeyBytes: number
  maxValueBytes: number
  /** Default time to live in ms; 0 = none. */
  ttl: number
  /** core's `CODEC_ID`; a region written with another codec is a config mismatch. */
  codecId: number
  /** `encodeKey('')`: string keys are this prefix plus UTF-8, encoded natively. */
  keyPrefix: Uint8Array
  /** `encodeValue('')`, or undefined to disable the native string-value path. */
  valuePrefix: Uint8Array | undefined
  /** How long a writer waits for a live lock holder, in ms. */
  lockTimeout: number
  /** Where JS encodes primitive keys; a key argument that is a number is a length in it. */
  keyBuffer?: Uint8Array
  /**
   * The reader's memo (optional): entry i holds the value that write
   * `memoGenerations[i]` put in slot `memoSlots[i]`; one power-of-two length.
   */
  memoSlots?: Int32Array
  memoGenerations?: Float64Array
  /** After a fresh hit: [slot, generation], generation 0 when not worth remembering. */
  readInfo?: Float64Array
  /** Values longer than this (encoded bytes) are reported with generation 0. */
  memoMaxBytes?: number
}

/** An encoded key: its bytes, or its length in the `keyBuffer` given to `open`. */
export type KeyBytes = Uint8Array | number

/** A key argument: a string (encoded natively) or {@link KeyBytes}. */
export type KeyArg = string | KeyBytes

/** An open region, as an opaque External. */
export type Handle = { readonly __warpHandle: unique symbol }

/** What `open` answers. */
export interface Opened {
  readonly handle: Handle
  /** This call created the region file. */
  readonly created: boolean
  /** Size of the region file in bytes. */
  readonly totalBytes: number
}

/**
 * The module exported by warp_shared.node. Every call takes the handle first, then
 * a key: a string (encoded natively into a stack buffer), bytes from `encodeKey`,
 * or a number, the length of a key encoded into `keyBuffer`. Answers are the
 * numbers of `ResultCode` (src/result-codes.ts): `NeedsCodec` means "call again with `encodeKey`'s
 * bytes" (a lone surrogate or a very long key), `BadArgument` a wrong type.
 */
export interface NativeModule {
  /** Opens or creates a region. `valueBuffer` must be 8-byte aligned and `valueBufferBytes(maxValueBytes)` long. */
  open(options: NativeOpenOptions, valueBuffer: Uint8Array): Opened
  /**
   * A string value, or the length of a value copied into the reused buffer, or
   * `Miss`, or `RememberedBase - i` when the value is the one memo entry i holds.
   */
  get(handle: Handle, key: KeyArg): string | number
  /**
   * `get`, except that a read that gives up against busy writers waits for the write
   * lock and reads under it (no memo), so `Miss` means the key had no live entry.
   */
  getSettled(handle: Handle, key: KeyArg): string | number
  /** `Present` or `Absent`. */
  has(handle: Handle, key: KeyArg): number
  /**
   * Stores a string value (encoded natively; `length` ignored) or the first
   * `length` bytes of a Uint8Array: `Stored` or `Oversize` (counted). `ttl` in ms;
   * -1 = the default. A `length` beyond `value` is accepted only when it is over
   * `maxValueBytes` (counted as oversize, bytes never read).
   */
  set(handle: Handle, key: KeyArg, value: string | Uint8Array, length: number, ttl: number): number
  /** `Present` (removed) or `Absent`. */
  delete(handle: Handle, key: KeyArg): number
  clear(handle: Handle): void
  size(handle: Handle): number
  /** Fills hits, misses, sets, deletes, evictions, expirations, oversize, size, capacity. */
  stats(handle: Handle, out: Float64Array): void
  /** Unmaps the region; later calls throw an error with code `E_CLOSED`. Twice is a no-op. */
  close(handle: Handle): void
  /**
   * Claims the load of `key` for `leaseMs` ms (≥ 1): a token
   * `kind · 2^42 + slot · 2^32 + word` (kind 0 claimed, 1 taken over, 2 busy),
   * or `ClaimFull`, `NeedsCodec`, `BadArgument`.
   */
  claim(handle: Handle, key: KeyArg, leaseMs: number): number
  /** Ends this process's claim: `Present`, or `Absent` when it was taken over meanwhile. */
  releaseClaim(handle: Handle, token: number): number
  /** `Present` while the claim slot's word still reads the token's. */
  claimUnchanged(handle: Handle, token: number): number
  /** Ms left in the lease of the claim the token saw; 0 once it changed, its holder exited or the lease ended. */
  claimLeaseLeft(handle: Handle, token: number): number
  /** Claim slots held now (live or awaiting takeover). */
  heldClaims(handle: Handle): number
  /** Test build only: TTL math uses this time in ms; negative restores CLOCK_MONOTONIC. */
  setTimeOverride?(handle: Handle, ms: number): void
  /** Test build only: takes the write lock (optionally leaving a half-done write) and never returns. */
  holdLockForTest?(handle: Handle, midWrite: boolean): never
  /** True in the test build (scripts/build-native.mjs --test-hooks). */
  readonly testHooks: boolean
  /** Removes the files of a cache. */
  destroy(dir: string, name: string): void
  valueBufferBytes(maxValueBytes: number): number
  readonly abiVersion: number
}

/** An error thrown by the addon: `code` is a `CacheErrorCode`. */
export interface NativeError extends Error {
  code?: string
  errno?: number
}

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

/**
 * One open region. Every function is bound to it natively (no per-call unwrap).
 *
 * Key arguments ending in `S` take a string (encoded natively into a stack
 * buffer); those ending in `B` take bytes from `encodeKey`, or a number: the
 * length of a key encoded into `keyBuffer` (a {@link KeyBytes}). A result of `-2` means
 * "this string needs the codec" (a lone surrogate or a very long key): call the
 * `B` form. `-3` means a wrong argument type.
 */
export interface NativeHandle {
  /**
   * A string value, or the length of a value copied into the reused buffer, or -1
   * (miss), or `-16 - i` when the value is the one memo entry i holds.
   */
  getS(key: string): string | number
  getB(key: KeyBytes): string | number
  /** 1 present, 0 absent. */
  hasS(key: string): number
  hasB(key: KeyBytes): number
  /**
   * Stores the first `length` bytes of `value`: 0 stored, 1 refused as oversize (and
   * counted). `ttl` in ms; -1 = the default. A `length` beyond `value` is accepted
   * only when it is over `maxValueBytes` (counted as oversize, bytes never read).
   */
  setS(key: string, value: Uint8Array, length: number, ttl: number): number
  /** Like setS with the value a string, encoded natively. */
  setSS(key: string, value: string, ttl: number): number
  setB(key: KeyBytes, value: Uint8Array, length: number, ttl: number): number
  /** 1 removed, 0 absent. */
  deleteS(key: string): number
  deleteB(key: KeyBytes): number
  clear(): void
  size(): number
  /** Fills hits, misses, sets, deletes, evictions, expirations, oversize, size, capacity. */
  stats(out: Float64Array): void
  /** Unmaps the region; later calls throw an error with code `E_CLOSED`. */
  close(): void
  /** Test hook: TTL math uses this time in ms; negative restores CLOCK_MONOTONIC. */
  setTimeOverride(ms: number): void
  /** Test hook: takes the write lock (optionally leaving a half-done write) and never returns. */
  holdLockForTest(midWrite: boolean): never
  /** This call created the region file. */
  readonly created: boolean
  /** Size of the region file in bytes. */
  readonly totalBytes: number
}

/** The module exported by build/Release/warp_shared.node. */
export interface NativeModule {
  /** Opens or creates a region. `valueBuffer` must be 8-byte aligned and `valueBufferBytes(maxValueBytes)` long. */
  open(options: NativeOpenOptions, valueBuffer: Uint8Array): NativeHandle
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

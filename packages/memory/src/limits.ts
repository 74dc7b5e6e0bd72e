/**
 * How deep `dispose` → cache call → `dispose` may nest (in `SieveCache` and `LRUCache`)
 * before further dispose calls are skipped and the outermost operation throws a `RangeError`.
 */
export const MAX_DISPOSE_DEPTH = 16

/**
 * How many callbacks caused by callbacks (nested, at any depth) one cache operation runs
 * before skipping the rest with a `RangeError`, as for {@link MAX_DISPOSE_DEPTH}.
 */
export const MAX_NESTED_CALLBACKS = 1024

/** The largest `max` a {@link SieveCache} accepts: 2^30 entries. */
export const MAX_ENTRIES = 2 ** 30

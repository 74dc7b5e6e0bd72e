/**
 * Placeholders for the fields that constructors set, so that V8 knows those fields' types.
 *
 * Why: a class field declared without an initializer is defined as `undefined` before the
 * constructor body runs, and when the constructor then stores a typed array (or an object,
 * or a number) there, V8 widens the field's type to "anything". Optimized code must then
 * check the map of what it loads from the field (or untag the number) at every use. A field
 * declared with a placeholder of its final type (`= NO_INT32`, `= 0`) keeps its precise type
 * when the constructor replaces the placeholder. Measured on the hot classes of `'tinylfu'`
 * (its policy, sketch, learner, audit and lists) and SIEVE's queue: about 4 % fewer machine
 * instructions per tinylfu request and 1–2 % per SIEVE request (cachegrind, Node 20).
 *
 * Shared and empty: never read or written before their owner replaces them.
 */
export const NO_INT32 = new Int32Array(0)
/** See {@link NO_INT32}. */
export const NO_UINT8 = new Uint8Array(0)

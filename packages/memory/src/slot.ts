/**
 * The "no slot" values of the caches' key indexes and lists.
 *
 * An enum rather than module constants, for speed: in the bundle a module's top-level `const`
 * becomes a `var` (esbuild hoists them so), which V8 must load from the module's context and
 * check at every use, while esbuild writes an enum member as the number itself (and drops the
 * enum object). Not a `const enum`: those do not survive per-file compilation
 * (`isolatedModules`, and the linter's `noConstEnum`), and esbuild inlines a plain one anyway.
 * Counted in machine instructions (valgrind), that was about 15 % of an LRU hit and 5 % of a
 * SIEVE get-or-set.
 */
export enum Slot {
  /** What a key index answers for a key it does not hold. */
  ABSENT = -1,
  /** No slot: past either end of a list or queue, or a SIEVE hand that rests nowhere. */
  NONE = -1,
}

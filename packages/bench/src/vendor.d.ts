// memoizee ships no types; the bench only calls its default export.
declare module 'memoizee' {
  const memoizee: (fn: (...args: any[]) => unknown, options?: Record<string, unknown>) => unknown
  export default memoizee
}

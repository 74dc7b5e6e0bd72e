/** Outcome of looking for a warp package's exports at run time. */
export type WarpLoad = { ok: true; mod: Record<string, any> } | { ok: false; reason: string }

const cache = new Map<string, Promise<WarpLoad>>()

/**
 * Loads a warp package by name (dynamically, so this package builds and runs
 * while the others are still being written) and checks it exports `names`.
 * A package that loads but lacks them "has not landed"; one that does not load
 * at all is reported with the reason (usually: not built yet).
 */
export function loadWarp(pkg: string, names: readonly string[]): Promise<WarpLoad> {
  const key = `${pkg}:${names.join(',')}`
  let p = cache.get(key)
  if (!p) {
    p = (async (): Promise<WarpLoad> => {
      let mod: Record<string, any>
      try {
        const specifier: string = pkg
        mod = (await import(specifier)) as Record<string, any>
      } catch (err) {
        const message = err instanceof Error ? err.message.split('\n')[0] : String(err)
        return {
          ok: false,
          reason: `${pkg} could not be loaded (not built? run \`npm run build\`): ${message}`,
        }
      }
      const missing = names.filter((n) => mod[n] === undefined)
      if (missing.length > 0) {
        return { ok: false, reason: `${pkg} has not landed (no export ${missing.join(', ')})` }
      }
      return { ok: true, mod }
    })()
    cache.set(key, p)
  }
  return p
}

/** Loads a warp export or throws with the not-landed reason (used inside child processes). */
export async function requireWarp(pkg: string, name: string): Promise<any> {
  const r = await loadWarp(pkg, [name])
  if (!r.ok) throw new Error(r.reason)
  return r.mod[name]
}

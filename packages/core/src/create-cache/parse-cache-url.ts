import { CacheError } from '../errors.js'

const CACHE_URL = /^([a-z][a-z0-9+.-]*):\/\/([^?#]*)(?:\?([^#]*))?$/i

/**
 * Splits `memory://?max=1000&ttl=60000` or `shared://embeddings?max=10` into a
 * backend name and raw string options. The part between `//` and `?`, when
 * present, becomes the `name` option. Values stay strings; the backend's option
 * specs decide how they are parsed.
 */
export function parseCacheUrl(url: string): { backend: string; options: Record<string, string> } {
  const match = CACHE_URL.exec(url)
  if (!match) {
    throw new CacheError(
      'E_INVALID_OPTION',
      `createCache: "${url}" is not a cache URL. Write it as <backend>://[name]?option=value&…, ` +
        'for example memory://?max=1000&ttl=60000',
    )
  }
  const [, backend = '', name = '', query = ''] = match
  const options: Record<string, string> = {}
  if (name) options.name = decodeURIComponent(name)
  for (const [option, value] of new URLSearchParams(query)) {
    if (option in options) {
      throw new CacheError(
        'E_INVALID_OPTION',
        `createCache: option "${option}" is given twice in "${url}"`,
      )
    }
    options[option] = value
  }
  return { backend: backend.toLowerCase(), options }
}

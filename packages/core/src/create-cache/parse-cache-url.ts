import { InvalidOptionError } from '../errors.js'

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i

/** The lower-cased scheme of a cache URL (`memory` for `memory://?max=10`). */
export function schemeOf(url: string): string {
  const match = SCHEME.exec(url)
  if (!match) {
    throw new InvalidOptionError(
      '',
      `createCache: "${url}" is not a cache URL. Write it as <backend>://[name]?option=value&…, ` +
        'for example memory://?max=1000&ttl=60000',
    )
  }
  return (match[1] as string).toLowerCase()
}

/**
 * The default reading of a cache URL, for providers without `fromUrl`: the host and path
 * (without the leading `/`) become the `name` option when not empty; each query parameter
 * becomes an option with its string value. A parameter given twice is refused.
 *
 * @example parseCacheUrl('shared://embeddings?max=10') // { name: 'embeddings', max: '10' }
 */
export function parseCacheUrl(url: string | URL): Record<string, string> {
  const parsed = typeof url === 'string' ? toUrl(url) : url
  const options: Record<string, string> = {}
  const name = decodeURIComponent(`${parsed.host}${parsed.pathname}`.replace(/^\/+/, ''))
  if (name) options.name = name
  for (const [option, value] of parsed.searchParams) {
    if (Object.hasOwn(options, option)) {
      throw new InvalidOptionError(
        option,
        `createCache: option "${option}" is given twice in "${parsed.href}"`,
      )
    }
    options[option] = value
  }
  return options
}

/** `new URL(url)`, with an {@link InvalidOptionError} that shows the URL when it is malformed. */
export function toUrl(url: string): URL {
  schemeOf(url)
  try {
    return new URL(url)
  } catch (cause) {
    throw new InvalidOptionError('', `createCache: "${url}" is not a valid URL`, { cause })
  }
}

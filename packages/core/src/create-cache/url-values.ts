import { InvalidOptionError } from '../errors.js'
import { describeSpec } from '../options/check-options.js'
import type { OptionSpecs } from '../options/option-spec.js'

/**
 * Options read from a URL arrive as strings; this converts each one the specs type as a
 * number or boolean (`"1000"` → `1000`, `"true"`/`"1"`/`""` → `true`). Unknown names and
 * other types pass through unchanged, for `checkOptions` to judge.
 */
export function convertUrlValues(
  owner: string,
  specs: OptionSpecs,
  options: Record<string, unknown>,
): Record<string, unknown> {
  const converted: Record<string, unknown> = {}
  for (const [name, raw] of Object.entries(options)) {
    const spec = Object.hasOwn(specs, name) ? specs[name] : undefined
    if (!spec || typeof raw !== 'string') {
      converted[name] = raw
      continue
    }
    switch (spec.type) {
      case 'integer':
      case 'number': {
        const value = raw.trim() === '' ? Number.NaN : Number(raw)
        if (Number.isNaN(value)) {
          throw new InvalidOptionError(
            name,
            `${owner}: option "${name}" must be ${describeSpec(spec)}, got "${raw}"`,
          )
        }
        converted[name] = value
        break
      }
      case 'boolean':
        if (raw === 'true' || raw === '1' || raw === '') converted[name] = true
        else if (raw === 'false' || raw === '0') converted[name] = false
        else
          throw new InvalidOptionError(
            name,
            `${owner}: option "${name}" must be true or false, got "${raw}"`,
          )
        break
      case 'function':
      case 'object':
        throw new InvalidOptionError(
          name,
          `${owner}: option "${name}" is ${describeSpec(spec)} and cannot be given in a URL; pass a config object`,
        )
      default:
        converted[name] = raw
    }
  }
  return converted
}

import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from './check.js'

/** The root README and every `packages/<name>/README.md`. */
export function readmeFiles(root = repoRoot): string[] {
  const files = [join(root, 'README.md')]
  for (const name of readdirSync(join(root, 'packages')).sort()) {
    const f = join(root, 'packages', name, 'README.md')
    if (existsSync(f)) files.push(f)
  }
  return files
}

import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSnippets, extractFile, readmeFiles, repoRoot } from '../src/index.js'

/**
 * READMEs whose blocks must all pass. The others still have illustrative blocks without a
 * `<!-- snippet: skip REASON -->` marker; their tests are reported as skipped, with how to run
 * them, until their owners mark or fix those blocks. WARP_SNIPPETS_STRICT=all (or a
 * comma-separated list of README paths) overrides this list.
 */
const STRICT_BY_DEFAULT = [
  'README.md',
  'packages/core/README.md',
  'packages/keyv/README.md',
  'packages/bench/README.md',
  'packages/shared-native/README.md',
]
const setting = process.env.WARP_SNIPPETS_STRICT
const strict = (path: string) =>
  setting === 'all' ||
  (setting ? setting.split(',').map((s) => s.trim()) : STRICT_BY_DEFAULT).includes(path)

// Every JS block of a README runs against the built packages; every TS block type-checks.
for (const file of readmeFiles()) {
  const path = relative(repoRoot, file)
  const snippets = extractFile(file)
  describe(path, () => {
    if (snippets.length === 0) {
      it.skip('has no JS or TS blocks', () => {})
      return
    }
    if (!strict(path)) {
      it.skip(`${snippets.length} blocks not enforced yet (run with WARP_SNIPPETS_STRICT=${path})`, () => {})
      return
    }
    let outcomes: ReturnType<typeof checkSnippets> | undefined
    const outcomesOnce = () => {
      outcomes ??= checkSnippets(snippets)
      return outcomes
    }
    for (const [i, s] of snippets.entries()) {
      const name = `${s.kind} block at line ${s.line}`
      if (s.skip) {
        it.skip(`${name} (skipped: ${s.skip})`, () => {})
        continue
      }
      it(name, () => {
        const o = outcomesOnce()[i]!
        expect(o.ok, o.detail).toBe(true)
      })
    }
  })
}

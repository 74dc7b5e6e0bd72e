import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSnippets, extractFile, readmeFiles, repoRoot } from '../src/index.js'

/**
 * Every README's blocks must pass (issue 17): a block that cannot run is marked
 * `<!-- snippet: skip REASON -->` and reported as skipped with its reason.
 * WARP_SNIPPETS_STRICT, a comma-separated list of README paths, narrows the run to those
 * READMEs (the others are reported as skipped); unset or `all` enforces every README.
 */
const setting = process.env.WARP_SNIPPETS_STRICT?.trim()
const only = setting && setting !== 'all' ? setting.split(',').map((s) => s.trim()) : undefined
const strict = (path: string) => only === undefined || only.includes(path)

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
      it.skip(`${snippets.length} blocks not checked in this run (WARP_SNIPPETS_STRICT=${setting})`, () => {})
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

import { relative } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSnippets, extractFile, readmeFiles, repoRoot } from '../src/index.js'

// Every JS block of every README runs against the built packages; every TS block type-checks.
for (const file of readmeFiles()) {
  const snippets = extractFile(file)
  describe(relative(repoRoot, file), () => {
    if (snippets.length === 0) {
      it.skip('has no JS or TS blocks', () => {})
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

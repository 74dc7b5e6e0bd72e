import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { checkSnippets, extractFile, extractSnippets, SnippetMarkerError } from '../src/index.js'

describe('the snippet checker', () => {
  it('catches a JS block that fails and a TS block that does not type-check', () => {
    const snippets = extractFile(join(import.meta.dirname, 'fixtures', 'broken.md'))
    expect(snippets.map((s) => [s.kind, s.skip !== undefined])).toEqual([
      ['esm', false],
      ['ts', false],
      ['cjs', false],
      ['esm', true],
    ])
    const [js, ts, cjs, skipped] = checkSnippets(snippets)
    expect(js!.ok).toBe(false)
    expect(js!.detail).toContain('wrong value on purpose')
    expect(ts!.ok).toBe(false)
    expect(ts!.detail).toMatch(/TS2345/)
    expect(cjs!.ok, cjs!.detail).toBe(true)
    expect(skipped!.ok).toBe(true)
    expect(skipped!.detail).toContain('needs a Redis server')
  })

  it('refuses a skip marker without a reason, naming the file and line', () => {
    const md = 'text\n\n<!-- snippet: skip -->\n```js\n1\n```\n'
    expect(() => extractSnippets(md, 'X.md')).toThrow(SnippetMarkerError)
    expect(() => extractSnippets(md, 'X.md')).toThrow(/X\.md:3: `snippet: skip` needs a reason/)
  })

  it('ignores shell and JSON blocks, and a marker separated from its block by text', () => {
    const md =
      '```sh\nnpm ci\n```\n\n<!-- snippet: skip why -->\nsome text\n```js\nlet x = 1\n```\n'
    const s = extractSnippets(md)
    expect(s).toHaveLength(1)
    expect(s[0]!.skip).toBeUndefined()
  })
})

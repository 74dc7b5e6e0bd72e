import { readFileSync } from 'node:fs'

/** How a block is checked: run as an ES module, run as CommonJS, or type-checked. */
export type SnippetKind = 'esm' | 'cjs' | 'ts'

/** One fenced code block of a markdown file that the checker handles. */
export interface Snippet {
  /** The markdown file. */
  file: string
  /** 1-based line of the opening fence. */
  line: number
  kind: SnippetKind
  code: string
  /** Set when a `<!-- snippet: skip REASON -->` marker precedes the block. */
  skip?: string
}

/** A marker that cannot be honoured (a skip without a reason, an unknown word). */
export class SnippetMarkerError extends Error {
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`)
    this.name = 'SnippetMarkerError'
  }
}

const KINDS: Readonly<Record<string, SnippetKind>> = {
  js: 'esm',
  mjs: 'esm',
  javascript: 'esm',
  cjs: 'cjs',
  ts: 'ts',
  typescript: 'ts',
  mts: 'ts',
}

const MARKER = /^<!--\s*snippet:\s*(\S+)(.*?)-->\s*$/

/**
 * The JS and TS blocks of a markdown text. Other languages (sh, json, …) are not
 * snippets. A block may be preceded (blank lines allowed) by a marker:
 * `<!-- snippet: skip REASON -->` (illustrative; the reason is required) or
 * `<!-- snippet: cjs -->` (run a `js` block as CommonJS).
 *
 * @throws SnippetMarkerError for a skip without a reason or an unknown marker.
 */
export function extractSnippets(markdown: string, file = '<markdown>'): Snippet[] {
  const lines = markdown.split('\n')
  const out: Snippet[] = []
  let pending: { word: string; rest: string; line: number } | undefined
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i]!
    const marker = MARKER.exec(text.trim())
    if (marker) {
      pending = { word: marker[1]!, rest: marker[2]!.trim(), line: i + 1 }
      continue
    }
    const fence = /^(\s*)(`{3,}|~{3,})\s*([\w+-]*)/.exec(text)
    if (!fence) {
      if (text.trim() !== '') pending = undefined
      continue
    }
    const [, indent, ticks, info] = fence
    const body: string[] = []
    let j = i + 1
    while (j < lines.length && !lines[j]!.trim().startsWith(ticks!)) {
      body.push(lines[j]!.startsWith(indent!) ? lines[j]!.slice(indent!.length) : lines[j]!)
      j++
    }
    let kind = KINDS[info!.toLowerCase()]
    let skip: string | undefined
    if (pending) {
      if (pending.word === 'skip') {
        if (pending.rest === '') {
          throw new SnippetMarkerError(
            file,
            pending.line,
            '`snippet: skip` needs a reason, e.g. <!-- snippet: skip needs a Redis server -->',
          )
        }
        skip = pending.rest
      } else if (pending.word === 'cjs') {
        if (kind === 'esm') kind = 'cjs'
      } else {
        throw new SnippetMarkerError(
          file,
          pending.line,
          `unknown snippet marker "${pending.word}" (expected skip or cjs)`,
        )
      }
    }
    if (kind)
      out.push({ file, line: i + 1, kind, code: body.join('\n'), ...(skip ? { skip } : {}) })
    pending = undefined
    i = j
  }
  return out
}

/** {@link extractSnippets} of a file on disk. */
export function extractFile(file: string): Snippet[] {
  return extractSnippets(readFileSync(file, 'utf8'), file)
}

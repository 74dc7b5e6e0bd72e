import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { Snippet } from './extract.js'

/** The repository root (this file is `packages/docs-check/src/check.ts`). */
export const repoRoot = join(import.meta.dirname, '..', '..', '..')

/** What checking one snippet found. */
export interface SnippetOutcome {
  snippet: Snippet
  ok: boolean
  /** Output of the failing run, or tsc's errors for this block. */
  detail: string
}

/**
 * A scratch directory inside the repository, so snippets resolve `@warp/*` and
 * their peers through the workspace's node_modules. Removed by `done()`.
 */
export function scratch(): { dir: string; done(): void } {
  const base = join(repoRoot, 'node_modules', '.cache', 'warp-docs-check')
  mkdirSync(base, { recursive: true })
  const dir = mkdtempSync(join(base, 'run-'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n')
  return { dir, done: () => rmSync(dir, { recursive: true, force: true }) }
}

function where(s: Snippet): string {
  return `${relative(repoRoot, s.file)}:${s.line}`
}

/** `<dir>/tmp`, created if needed: the temp dir a snippet run from `dir` gets. */
function privateTmp(dir: string): string {
  const tmp = join(dir, 'tmp')
  mkdirSync(tmp, { recursive: true })
  return tmp
}

/**
 * Runs a JS snippet in a fresh Node process against the built packages (the
 * `import`/`require` conditions, never the sources). Fails on a non-zero exit or
 * when it does not finish within `timeoutMs`.
 */
export function runJs(snippet: Snippet, dir: string, timeoutMs = 120_000): SnippetOutcome {
  const ext = snippet.kind === 'cjs' ? 'cjs' : 'mjs'
  const file = join(dir, `snippet-${snippet.line}-${Math.random().toString(36).slice(2, 8)}.${ext}`)
  writeFileSync(file, `${snippet.code}\n`)
  const r = spawnSync(process.execPath, [file], {
    cwd: dir,
    encoding: 'utf8',
    timeout: timeoutMs,
    // A snippet's temporary files (`mkdtemp(tmpdir())`, a cache file of 160 MB) go inside the
    // scratch folder, which is removed after the run, not into the machine's temp dir.
    env: { ...process.env, TMPDIR: privateTmp(dir) },
  })
  const ok = r.status === 0 && r.error === undefined
  const detail = ok
    ? ''
    : `${where(snippet)} (${snippet.kind}) ${r.error ? `did not finish: ${r.error.message}` : `exited with ${r.status ?? r.signal}`}\n${r.stderr ?? ''}${r.stdout ?? ''}`
  return { snippet, ok, detail }
}

/**
 * Type-checks TS snippets in one temporary project whose `@warp/*` imports
 * resolve to the workspace sources (the `@warp/source` condition of the base
 * tsconfig). Each block is its own module.
 */
export function typecheckTs(snippets: readonly Snippet[], dir: string): SnippetOutcome[] {
  if (snippets.length === 0) return []
  const names = snippets.map((_s, i) => `snippet-${i}.ts`)
  snippets.forEach((s, i) => {
    writeFileSync(join(dir, names[i]!), `${s.code}\nexport {}\n`)
  })
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: join(repoRoot, 'tsconfig.base.json'),
      compilerOptions: { noEmit: true, noUnusedLocals: false },
      include: names,
    }),
  )
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc')
  const r = spawnSync(process.execPath, [tsc, '-p', dir, '--pretty', 'false'], {
    cwd: dir,
    encoding: 'utf8',
  })
  const errors = new Map<string, string[]>()
  for (const line of `${r.stdout}${r.stderr}`.split('\n')) {
    const m = /(snippet-\d+\.ts)\((\d+),\d+\): (.*)/.exec(line)
    if (!m) continue
    errors.set(m[1]!, [...(errors.get(m[1]!) ?? []), `line ${m[2]}: ${m[3]}`])
  }
  const unexplained = r.status !== 0 && errors.size === 0
  return snippets.map((snippet, i) => {
    const list = errors.get(names[i]!) ?? []
    const ok = list.length === 0 && !unexplained
    const detail = ok
      ? ''
      : `${where(snippet)} (ts)\n${list.join('\n') || `${r.stdout}${r.stderr}`}`
    return { snippet, ok, detail }
  })
}

/** Checks every snippet that is not skipped; skipped ones are returned as ok with their reason. */
export function checkSnippets(snippets: readonly Snippet[]): SnippetOutcome[] {
  const { dir, done } = scratch()
  try {
    const ts = typecheckTs(
      snippets.filter((s) => s.kind === 'ts' && !s.skip),
      dir,
    )
    const out: SnippetOutcome[] = []
    for (const s of snippets) {
      if (s.skip) out.push({ snippet: s, ok: true, detail: `skipped: ${s.skip}` })
      else if (s.kind === 'ts') out.push(ts.find((t) => t.snippet === s)!)
      else out.push(runJs(s, dir))
    }
    return out
  } finally {
    done()
  }
}

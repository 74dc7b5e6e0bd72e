#!/usr/bin/env node
// `npm run docs`: the API reference of every published package, from its TSDoc, into docs/api
// (offline; docs/ is gitignored), and a check that every exported symbol has a doc comment.
//
// Entry points come from each package's `exports` map (the `@warp/source` condition), so a new
// package or entry point is picked up without editing this file.
//
// Which packages must be fully documented: WARP_DOCS_STRICT, a comma-separated list of package
// names, or `all`. Default: every package except those in NOT_STRICT_YET. An undocumented export
// of a strict package fails the run; those of the others are listed as warnings.
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { Application, Logger, LogLevel } from 'typedoc'

/**
 * Packages not yet held to "every export documented" by default (WARP_DOCS_STRICT=all holds them
 * too); their undocumented exports are still listed, as warnings. Empty: every published package
 * is strict. Add a package here only while it is being documented, and remove it once
 * `WARP_DOCS_STRICT=<it> npm run docs` passes.
 */
const NOT_STRICT_YET = []

const root = new URL('..', import.meta.url).pathname
const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))

// WARP_DOCS_PACKAGES=@warp/keyv,… limits the run to some packages (a quicker check).
const only = process.env.WARP_DOCS_PACKAGES?.split(',').map((s) => s.trim())
const packages = []
for (const dir of rootPkg.workspaces) {
  const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'))
  if (pkg.private || (only && !only.includes(pkg.name))) continue
  const entries = Object.values(pkg.exports ?? {})
    .map((e) => (typeof e === 'object' && e !== null ? e['@warp/source'] : undefined))
    .filter((e) => typeof e === 'string')
    .map((e) => join(root, dir, e))
  packages.push({ name: pkg.name, dir: join(root, dir), entries })
}

const strictSetting = process.env.WARP_DOCS_STRICT
const strict = new Set(
  strictSetting === 'all'
    ? packages.map((p) => p.name)
    : strictSetting
      ? strictSetting.split(',').map((s) => s.trim())
      : packages.map((p) => p.name).filter((name) => !NOT_STRICT_YET.includes(name)),
)

/** Keeps typedoc's messages so they can be grouped by package. */
class Collect extends Logger {
  messages = []
  log(message, level) {
    super.log(message, level)
    this.messages.push({ message: String(message), level })
  }
}

const app = await Application.bootstrapWithPlugins({
  name: 'warp',
  entryPoints: packages.flatMap((p) => p.entries),
  entryPointStrategy: 'resolve',
  tsconfig: join(root, 'tsconfig.docs.json'),
  out: join(root, 'docs', 'api'),
  readme: join(root, 'README.md'),
  excludePrivate: true,
  excludeInternal: true,
  validation: { notExported: true, invalidLink: true, notDocumented: true },
  // Symbols belong to their own package (@warp/core, …), not to the root one typedoc assumes.
  packagesRequiringDocumentation: packages.map((p) => p.name),
  logLevel: 'Warn',
})
const logger = new Collect()
logger.level = LogLevel.Warn
app.logger = logger

const project = await app.convert()
if (!project) {
  process.stderr.write('docs: typedoc could not convert the sources (see above)\n')
  process.exit(1)
}
app.validate(project)
await app.generateDocs(project, join(root, 'docs', 'api'))

const undocumented = new Map(packages.map((p) => [p.name, []]))
for (const { message } of logger.messages) {
  // "<name> (<kind>), defined in <package>/<path>, does not have any documentation"
  const m = /^(.*), defined in (\S+), does not have any documentation/.exec(message)
  if (!m) continue
  const owner = packages.find((p) => m[2].startsWith(`${p.name}/`))
  if (owner) undocumented.get(owner.name).push(`${m[1]} in ${m[2].slice(owner.name.length + 1)}`)
}
let failed = false
for (const [name, list] of undocumented) {
  if (list.length === 0) continue
  const isStrict = strict.has(name)
  failed ||= isStrict
  process.stderr.write(
    `docs: ${name}: ${list.length} exported symbol(s) without a doc comment${isStrict ? '' : ' (not enforced yet)'}:\n` +
      list.map((l) => `  - ${l}\n`).join(''),
  )
}
if (process.env.WARP_DOCS_DEBUG) console.error(logger.messages)
process.stderr.write(`docs: wrote ${relative(root, join(root, 'docs', 'api'))}/index.html\n`)
if (failed) {
  process.stderr.write(`docs: fails: undocumented exports in ${[...strict].join(', ')}\n`)
  process.exit(1)
}

// The package as a user gets it: `npm pack` of @warp/core and @warp/shared-native,
// installed into a fresh project with a PATH that has node and npm but no cmake,
// make or C/C++ compiler. With the prebuild the cache works across two real
// processes; without it (WARP_SHARED_NATIVE_NO_PREBUILD=1) the install still
// succeeds and using the cache throws E_NATIVE_MISSING with how to build.
import { spawnSync } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { root } from './helpers/env.js'

const supported = process.platform === 'linux' && process.arch === 'x64'
const work = mkdtempSync(join(tmpdir(), 'warp-install-'))
const bin = join(work, 'bin')
const tarballs: string[] = []
const env = (extra: Record<string, string> = {}) => {
  const e: Record<string, string> = { HOME: process.env.HOME ?? work, PATH: bin, ...extra }
  // npm's cache and registry settings, nothing that points at the build tools.
  for (const k of ['npm_config_cache', 'npm_config_registry', 'TMPDIR']) {
    const v = process.env[k]
    if (v) e[k] = v
  }
  return e
}

function run(cmd: string, args: string[], cwd: string, extra?: Record<string, string>) {
  return spawnSync(cmd, args, { cwd, env: env(extra), encoding: 'utf8', timeout: 300_000 })
}

/** A bin directory with node, npm, a shell and basic tools: no cmake, make, gcc, g++, cc, c++, clang. */
function toolbox(): void {
  mkdirSync(bin)
  const which = (name: string) =>
    spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim()
  const npmCli = join(
    process.execPath,
    '..',
    '..',
    'lib',
    'node_modules',
    'npm',
    'bin',
    'npm-cli.js',
  )
  symlinkSync(process.execPath, join(bin, 'node'))
  symlinkSync(existsSync(npmCli) ? npmCli : which('npm'), join(bin, 'npm'))
  for (const tool of [
    'sh',
    'env',
    'cat',
    'ls',
    'mkdir',
    'rm',
    'cp',
    'mv',
    'chmod',
    'ln',
    'uname',
    'tar',
    'gzip',
    'dirname',
    'basename',
    'sed',
    'grep',
  ]) {
    const path = which(tool)
    if (path) symlinkSync(path, join(bin, tool))
  }
}

function pack(dir: string): string {
  const r = spawnSync('npm', ['pack', '--silent', '--pack-destination', work], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 300_000,
  })
  if (r.status !== 0) throw new Error(`npm pack in ${dir} failed: ${r.stderr}`)
  return join(work, r.stdout.trim().split('\n').pop() as string)
}

beforeAll(() => {
  if (!supported) return
  toolbox()
  const core = join(root, '..', 'core')
  if (!existsSync(join(core, 'dist'))) {
    spawnSync('npm', ['run', 'build'], { cwd: core, stdio: 'ignore', timeout: 300_000 })
  }
  tarballs.push(pack(core), pack(root))
}, 600_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

function project(label: string, extra?: Record<string, string>) {
  const dir = join(work, label)
  mkdirSync(dir)
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: label, private: true, type: 'module' }),
  )
  const install = run(
    'npm',
    // --prefer-offline, not --offline: `npm ci` caches the dependencies' tarballs but not
    // their registry metadata, which a fresh machine's first install still has to fetch.
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', ...tarballs],
    dir,
    extra,
  )
  return { dir, install }
}

const SCRIPT = `
const [mode, dir] = process.argv.slice(2)
try {
  const { SharedCache } = await import('@warp/shared-native')
  const cache = new SharedCache({ name: 'installed', dir })
  if (mode === 'set') cache.set('answer', { from: process.pid })
  else console.log(JSON.stringify(cache.get('answer')))
  cache.close()
} catch (e) {
  console.log(JSON.stringify({ code: e.code, message: e.message }))
}`

it.skipIf(!supported)(
  'no compiler on PATH, with the prebuild: install succeeds and two processes share a cache',
  () => {
    expect(
      run(
        'sh',
        ['-c', 'command -v cmake || command -v g++ || command -v cc || command -v make'],
        work,
      ).status,
    ).not.toBe(0)
    const { dir, install } = project('with-prebuild')
    expect(install.status, install.stderr).toBe(0)
    expect(readdirSync(join(dir, 'node_modules/@warp/shared-native/prebuilds/linux-x64'))).toEqual([
      'warp-shared.napi.glibc.node',
    ])
    writeFileSync(join(dir, 'use.mjs'), SCRIPT)
    const shm = mkdtempSync('/dev/shm/warp-install-')
    try {
      const writer = run('node', ['use.mjs', 'set', shm], dir)
      expect(writer.stdout + writer.stderr).toBe('')
      const reader = run('node', ['use.mjs', 'get', shm], dir)
      const got = JSON.parse(reader.stdout) as { from?: number }
      expect(got.from).toBeGreaterThan(0)
      expect(got.from).toBe(writer.pid)
    } finally {
      rmSync(shm, { recursive: true, force: true })
    }
  },
  300_000,
)

it.skipIf(!supported)(
  'no compiler and the prebuild disabled (WARP_SHARED_NATIVE_NO_PREBUILD=1): install succeeds, use is E_NATIVE_MISSING',
  () => {
    const off = { WARP_SHARED_NATIVE_NO_PREBUILD: '1' }
    const { dir, install } = project('without-prebuild', off)
    expect(install.status, install.stderr).toBe(0)
    writeFileSync(join(dir, 'use.mjs'), SCRIPT)
    const r = run('node', ['use.mjs', 'set', '/dev/shm/warp-never-made'], dir, off)
    const error = JSON.parse(r.stdout) as { code: string; message: string }
    expect(error.code).toBe('E_NATIVE_MISSING')
    expect(error.message).toContain('npm rebuild @warp/shared-native')
  },
  300_000,
)

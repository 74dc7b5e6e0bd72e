#!/usr/bin/env node
// Records, in package-lock.json, the platform-specific optional packages that npm left out.
//
// Why: the registry mirror our machines use serves only the Linux builds of some native
// tool packages (@biomejs/cli-*, @rollup/rollup-*). `npm install` then writes a lockfile
// without the other platforms' entries, and `npm ci` refuses that lockfile as "out of sync"
// (npm/cli#9846). Each missing package gets an entry with its version and the os/cpu/libc
// read from its name, so npm skips it on other platforms exactly as it would with a
// complete lockfile. Run after any `npm install` that changes the lockfile.
import { readFileSync, writeFileSync } from 'node:fs'

const OS = [
  'android',
  'darwin',
  'freebsd',
  'linux',
  'openbsd',
  'openharmony',
  'win32',
  'aix',
  'sunos',
  'netbsd',
]
const CPU = {
  arm64: 'arm64',
  x64: 'x64',
  arm: 'arm',
  ia32: 'ia32',
  loong64: 'loong64',
  ppc64: 'ppc64',
  riscv64: 'riscv64',
  s390x: 's390x',
}

function platformOf(name) {
  const parts = name.split('/').pop().split('-')
  const os = parts.find((p) => OS.includes(p))
  const cpu = parts.map((p) => CPU[p]).find(Boolean)
  if (!os || !cpu) return undefined
  const libc = parts.some((p) => p.startsWith('musl'))
    ? 'musl'
    : os === 'linux'
      ? 'glibc'
      : undefined
  return { os: [os], cpu: [cpu], ...(libc && { libc: [libc] }) }
}

const path = new URL('../package-lock.json', import.meta.url)
const lock = JSON.parse(readFileSync(path, 'utf8'))
let added = 0
for (const [where, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`
    if (lock.packages[key] || lock.packages[`${where}/${key}`]) continue
    const platform = platformOf(name)
    if (!platform) continue
    lock.packages[key] = { version, ...(entry.dev && { dev: true }), optional: true, ...platform }
    added++
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) =>
    a === '' ? -1 : b === '' ? 1 : a.localeCompare(b),
  ),
)
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`)
console.log(`complete-lockfile: added ${added} platform entries`)

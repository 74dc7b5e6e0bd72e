// The native build needs cmake and a C++17 compiler from the system; say exactly
// how to get them instead of failing deep inside cmake.
import { spawnSync } from 'node:child_process'

function has(cmd) {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8' })
  return r.status === 0
}

/** The build tools that are not on PATH (empty when all are). */
export function missingTools() {
  const missing = []
  if (!has('cmake')) missing.push('cmake')
  if (!has(process.env.CXX || 'c++') && !has('g++') && !has('clang++')) missing.push('g++')
  return missing
}

/** How to install `missing` and build the addon. */
export function toolsHelp(missing) {
  return (
    `@warp/shared-native: cannot build the native addon: ${missing.join(' and ')} not found.\n` +
    '  Debian/Ubuntu: sudo apt-get install cmake g++\n' +
    '  Fedora/RHEL:   sudo dnf install cmake gcc-c++\n' +
    '  Alpine:        apk add cmake g++ make\n' +
    'Then run `npm rebuild @warp/shared-native`.'
  )
}

/** Exits with a clear message when cmake or a C++ compiler is missing. */
export function requireTools() {
  const missing = missingTools()
  if (missing.length === 0) return
  console.error(toolsHelp(missing))
  process.exit(1)
}

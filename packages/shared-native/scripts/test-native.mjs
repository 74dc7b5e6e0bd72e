// Builds the pure C++ core's test binary twice and runs it with ctest: once under
// AddressSanitizer + UndefinedBehaviorSanitizer, once under ThreadSanitizer.
// Usage: npm run test-native -w @warp/shared-native   [-- address|thread]
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { requireTools } from './require-tools.mjs'

const root = fileURLToPath(new URL('..', import.meta.url))
const wanted = process.argv.slice(2)
const sanitizers = wanted.length > 0 ? wanted : ['address', 'thread']

requireTools()

function run(cmd, args, options = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`)
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', ...options })
  if (options.stdio !== 'inherit') {
    process.stdout.write(result.stdout ?? '')
    process.stderr.write(result.stderr ?? '')
  }
  return result
}

function must(result, what) {
  if (result.status !== 0) {
    console.error(`test-native: ${what} failed (exit ${result.status ?? result.signal})`)
    process.exit(1)
  }
}

for (const sanitizer of sanitizers) {
  const dir = `build/test-${sanitizer}`
  must(
    run('cmake', [
      '-S',
      '.',
      '-B',
      dir,
      '-DWARP_TESTS=ON',
      `-DWARP_SANITIZE=${sanitizer}`,
      '-DCMAKE_BUILD_TYPE=RelWithDebInfo',
    ]),
    `cmake configure (${sanitizer})`,
  )
  must(run('cmake', ['--build', dir, '-j', '2']), `build (${sanitizer})`)
  let test = run('ctest', ['--test-dir', dir, '--output-on-failure'])
  // Older TSan runtimes cannot cope with the high mmap randomisation of newer
  // kernels ("unexpected memory mapping"); without ASLR they work.
  if (test.status !== 0 && /unexpected memory mapping/.test(test.stdout + test.stderr)) {
    console.log('test-native: retrying without address-space randomisation (setarch -R)')
    test = run('setarch', [
      process.arch === 'arm64' ? 'aarch64' : 'x86_64',
      '-R',
      'ctest',
      '--test-dir',
      dir,
      '--output-on-failure',
    ])
  }
  must(test, `core tests under ${sanitizer} sanitizer`)
}
console.log(`test-native: core tests passed under ${sanitizers.join(' and ')} sanitizers`)

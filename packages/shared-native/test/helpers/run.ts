import { spawn } from 'node:child_process'
import { bundle, childEnv, root } from './env.js'

/** Runs a fixture script in a child process; resolves with its stdout parsed as JSON. */
export function runFixture<T>(fixture: string, args: unknown): Promise<T> {
  return runFixtureWith<T>([], fixture, args)
}

/** {@link runFixture} with extra `node` flags (`--expose-gc`). */
export function runFixtureWith<T>(flags: string[], fixture: string, args: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...flags, `${root}/test/fixtures/${fixture}`, JSON.stringify(args)],
      {
        env: { ...childEnv, WARP_TEST_BUNDLE: bundle },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    let out = ''
    child.stdout.on('data', (d) => {
      out += d
    })
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (code !== 0) return reject(new Error(`${fixture} exited with ${code ?? signal}`))
      try {
        resolve(JSON.parse(out) as T)
      } catch (error) {
        reject(new Error(`${fixture} printed ${JSON.stringify(out)}`, { cause: error }))
      }
    })
  })
}

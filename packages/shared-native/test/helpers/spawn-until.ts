import { type ChildProcess, spawn } from 'node:child_process'
import { bundle, childEnv, root } from './env.js'

/** Starts a fixture and resolves once it printed `line` on stdout. */
export function spawnUntil(
  fixture: string,
  args: unknown,
  line: string,
): Promise<{ child: ChildProcess; kill: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [`${root}/test/fixtures/${fixture}`, JSON.stringify(args)],
    {
      env: { ...childEnv, WARP_TEST_BUNDLE: bundle },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await exited
  }
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout?.on('data', (d) => {
      out += d
      if (out.includes(`${line}\n`)) resolve({ child, kill })
    })
    child.once('exit', (code, signal) =>
      reject(new Error(`${fixture} exited early: ${code ?? signal}`)),
    )
  })
}

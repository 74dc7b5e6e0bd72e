import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { createServer } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'

/** True when redis-server can be started by a test. */
export const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0

/** A free loopback port (asked of the kernel, then released). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

/**
 * A redis-server child process owned by one test file, so it can be killed, stopped and
 * restarted on the same port without disturbing the shared servers.
 */
export class OwnServer {
  process: ChildProcess | undefined
  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`
  }

  async start(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--bind', '127.0.0.1', '--port', String(this.port), '--save', '', '--appendonly', 'no'],
      { stdio: 'ignore' },
    )
    this.process = child
    for (let i = 0; i < 300; i++) {
      const ping = spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' })
      if (ping.stdout?.trim() === 'PONG') return
      await sleep(100)
    }
    throw new Error(`redis-server on port ${this.port} did not start within 30 s`)
  }

  signal(signal: NodeJS.Signals): void {
    this.process?.kill(signal)
  }

  async kill(): Promise<void> {
    const child = this.process
    if (!child || child.exitCode !== null || child.signalCode !== null) return
    const exited = new Promise((resolve) => child.once('exit', resolve))
    child.kill('SIGCONT')
    child.kill('SIGKILL')
    await exited
  }
}

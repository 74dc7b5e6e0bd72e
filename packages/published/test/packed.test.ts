import { execFileSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// What users install: every publishable package packed by npm, installed from the tarballs
// into a scratch project (no workspace links, no sources), then a user's code type-checked
// with skipLibCheck false under node16 and bundler resolution, and run as ESM and CJS.
const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, '..', '..', '..')
const fixtures = join(here, 'fixtures')
const scratch = mkdtempSync(join(tmpdir(), 'warp-published-'))
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  workspaces: string[]
  devDependencies: Record<string, string>
}

interface Packed {
  name: string
  tarball: string
  files: string[]
}
const packed: Packed[] = []

function sh(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    return execFileSync(command, args, {
      cwd,
      encoding: 'utf8',
      env: { ...process.env, npm_config_loglevel: 'error', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string }
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${e.stdout}\n${e.stderr}`)
  }
}

function installedVersion(name: string): string {
  const manifest = JSON.parse(
    readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8'),
  )
  return manifest.version as string
}

/** A scratch project whose dependencies are the tarballs (plus TypeScript to check types). */
function project(name: string, extra: Record<string, string> = {}): string {
  const dir = join(scratch, name)
  mkdirSync(dir, { recursive: true })
  const dependencies = Object.fromEntries(packed.map((p) => [p.name, `file:${p.tarball}`]))
  // The packages depend on each other by version; the overrides point pnpm at the
  // tarballs too (npm resolves them from the top-level file: dependencies by itself).
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({
      name,
      private: true,
      type: 'module',
      dependencies: { ...dependencies, ...extra },
      pnpm: { overrides: dependencies },
    }),
  )
  return dir
}

beforeAll(() => {
  const tarballs = join(scratch, 'tarballs')
  mkdirSync(tarballs)
  for (const workspace of rootManifest.workspaces) {
    const dir = join(root, workspace)
    const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    if (manifest.private) continue
    // --ignore-scripts: the shared-native prebuild is made and tested by that package's own
    // install test; building it here too would race that test's build in the same folder.
    const [report] = JSON.parse(
      sh('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', tarballs], dir),
    )
    packed.push({
      name: manifest.name,
      tarball: join(tarballs, report.filename),
      files: report.files.map((f: { path: string }) => f.path),
    })
  }
})

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('the packed tarballs', () => {
  it('each carries its README, the MIT LICENSE and repository metadata', () => {
    expect(packed.map((p) => p.name)).toEqual(
      expect.arrayContaining(['@warp/core', '@warp/memory']),
    )
    for (const p of packed) {
      expect(p.files, p.name).toEqual(
        expect.arrayContaining(['README.md', 'LICENSE', 'package.json']),
      )
    }
  })

  describe('installed with npm into a fresh project', () => {
    let dir: string
    beforeAll(() => {
      dir = project('npm-user', {
        typescript: installedVersion('typescript'),
        '@types/node': installedVersion('@types/node'),
      })
      sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], dir)
      for (const file of ['user.mts', 'user.cts', 'run.mjs', 'run.cjs']) {
        copyFileSync(join(fixtures, file), join(dir, file))
      }
    })

    const compilerOptions = {
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      target: 'ES2022',
      lib: ['ES2023'],
      types: ['node'],
    }
    for (const [label, resolution] of [
      ['node16', { module: 'node16', moduleResolution: 'node16' }],
      ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ] as const) {
      it(`type-checks a user's code with skipLibCheck false under moduleResolution ${label}`, () => {
        const files = label === 'node16' ? ['user.mts', 'user.cts'] : ['user.mts']
        writeFileSync(
          join(dir, `tsconfig.${label}.json`),
          JSON.stringify({ compilerOptions: { ...compilerOptions, ...resolution }, files }),
        )
        sh(
          process.execPath,
          [join(dir, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${label}.json`],
          dir,
        )
      })
    }

    for (const file of ['run.mjs', 'run.cjs']) {
      it(`runs a user's program as ${file.endsWith('.mjs') ? 'ESM' : 'CommonJS'}`, () => {
        const results = JSON.parse(sh(process.execPath, [file], dir))
        expect(results).toEqual({
          url: ['SieveCache', 1],
          lru: ['b', 'c'],
          memoize: [2, 2, 1],
          memoizeAsync: 42,
          codec: { k: [1, 'two'] },
          typo: [true, true, 'E_INVALID_OPTION', true],
          closed: [true, 'E_CLOSED'],
          missing: 'E_BACKEND_NOT_INSTALLED',
        })
      })
    }
  })

  it('resolves built-in backends under pnpm (strict, isolated node_modules)', () => {
    const dir = project('pnpm-user')
    const pnpm = join(root, 'node_modules', 'pnpm', 'bin', 'pnpm.cjs')
    sh(
      process.execPath,
      [pnpm, 'install', '--config.confirmModulesPurge=false', '--reporter=silent'],
      dir,
      {
        npm_config_store_dir: join(scratch, 'pnpm-store'),
      },
    )
    copyFileSync(join(fixtures, 'run.mjs'), join(dir, 'run.mjs'))
    const results = JSON.parse(sh(process.execPath, ['run.mjs'], dir))
    expect(results.url).toEqual(['SieveCache', 1])
    expect(results.missing).toBe('E_BACKEND_NOT_INSTALLED')
  })
})

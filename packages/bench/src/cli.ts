import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { HELP, parseCli } from './args.js'
import { renderMarkdown } from './output/markdown.js'
import { writeJson, writeReport } from './output/write.js'
import { runBench } from './run.js'

/** The `warp-bench` command. Returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  let args: ReturnType<typeof parseCli>
  try {
    args = parseCli(argv)
  } catch (err) {
    process.stderr.write(
      `warp-bench: ${err instanceof Error ? err.message : String(err)}\n\n${HELP}`,
    )
    return 2
  }
  if (args.help) {
    process.stdout.write(HELP)
    return 0
  }
  for (const t of args.traces) {
    if (!existsSync(t)) {
      process.stderr.write(`warp-bench: --trace ${t}: no such file\n`)
      return 2
    }
  }
  const out = await runBench({
    suites: args.suites,
    quick: args.quick,
    full: args.full,
    runs: args.runs,
    rounds: args.rounds,
    seed: args.seed,
    subjects: args.subjects,
    traces: args.traces.map((t) => resolve(t)),
    hitRatioSizes: args.sizes,
    peersOnly: args.peersOnly,
    progress: args.progress,
    clock: args.clock,
  })
  process.stdout.write(renderMarkdown(out))
  if (args.json) {
    writeJson(args.json, out)
    process.stderr.write(`warp-bench: wrote ${args.json}\n`)
  }
  if (args.out) {
    const files = writeReport(args.out, out)
    process.stderr.write(
      `warp-bench: wrote ${files.length} files to ${args.out} (open report.md or the SVGs)\n`,
    )
  }
  const failed = out.results.filter((r) => r.error).length
  return failed > 0 ? 1 : 0
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (err: unknown) => {
    // A TypeError is bad input (e.g. a malformed --trace file): its message is the whole story.
    const usage = err instanceof TypeError
    const text =
      err instanceof Error ? (usage ? err.message : (err.stack ?? err.message)) : String(err)
    process.stderr.write(`warp-bench: ${text}\n`)
    process.exitCode = usage ? 2 : 1
  },
)

/**
 * @warp/bench — the harness behind the `warp-bench` CLI, exported for tests
 * and for scripts that want results as data.
 */
export { DEFAULT_SUITES, HELP, parseCli } from './args.js'
export { runJob, runnerPath } from './harness.js'
export { machineMeta } from './meta.js'
export { renderMarkdown } from './output/markdown.js'
export { resultsSchema } from './output/schema.js'
export { writeJson, writeReport } from './output/write.js'
export { combinePasses, streamMismatches } from './passes.js'
export { createRng, permutation } from './rng.js'
export { addRatios, type RunOptions, runBench, SUITES } from './run.js'
export { interleave, type Slot } from './schedule.js'
export { simulateFifo } from './sim/fifo.js'
export { simulateLru } from './sim/lru.js'
export { simulateOpt } from './sim/opt.js'
export { smokeCache, smokeMemoize } from './smoke.js'
export { median, summarize } from './stats.js'
export { readTextTrace } from './text-trace.js'
export { readTrace, readU32Trace, sharedTracePaths, sharedTracesDir } from './traces.js'
export * from './types.js'
export { syntheticWorkloads } from './workloads.js'
export { rankFrequencySlope, zipfCdf, zipfStream } from './zipf.js'

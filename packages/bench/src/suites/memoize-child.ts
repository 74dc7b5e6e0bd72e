import {
  type Bench,
  type BenchFactory,
  Cursor,
  extraSubjects,
  hashIds,
  startTimer,
} from '../bench.js'
import { smokeMemoize } from '../smoke.js'
import { zipfStream } from '../zipf.js'
import { type MemoSubject, memoizeSubjects } from './memoize-subjects.js'

/** Keeps results observable so the timed loops cannot be optimised away. */
export let sink = 0

/** Distinct `a` values of the 2-argument function; `b` = id / this. */
export const PAIR_WIDTH = 50

const one = (a: number): number => a * 2 + 1
const two = (a: number, b: number): number => a * 31 + b

/** The memoize suite's child side. */
export const createBench: BenchFactory = async (job) => {
  const subjects = { ...memoizeSubjects, ...(await extraSubjects<MemoSubject>(job)) }
  const def = subjects[job.subject]
  if (!def) throw new Error(`unknown memoize subject ${job.subject}`)
  const make = await def.load()
  const c = job.config
  const arity = Number(c.arity) === 2 ? 2 : 1
  const ids = zipfStream({
    n: Number(c.keys),
    alpha: Number(c.alpha),
    length: Number(c.ops),
    seed: job.seed,
  })
  const n = ids.length
  const as: number[] = new Array(n)
  const bs: number[] = new Array(n)
  for (let i = 0; i < n; i++) {
    as[i] = arity === 1 ? ids[i]! : ids[i]! % PAIR_WIDTH
    bs[i] = Math.floor(ids[i]! / PAIR_WIDTH)
  }
  const max = Number(c.max)
  const cursor = new Cursor(n)
  let slice: (from: number, to: number) => number
  if (arity === 1) {
    const f = make(one as (...a: any[]) => unknown, max, 1) as (a: number) => number
    slice = (from, to) => {
      let s = 0
      for (let i = from; i < to; i++) s += f(as[i]!)
      return s
    }
  } else {
    const f = make(two as (...a: any[]) => unknown, max, 2) as (a: number, b: number) => number
    slice = (from, to) => {
      let s = 0
      for (let i = from; i < to; i++) s += f(as[i]!, bs[i]!)
      return s
    }
  }
  const bench: Bench = {
    streamHash: hashIds(ids),
    roundOps: 1 << 12,
    smoke: () => smokeMemoize(make, arity, def),
    round: () => {
      const ops = bench.roundOps!
      let s = 0
      const stop = startTimer()
      cursor.take(ops, (from, to) => {
        s += slice(from, to)
      })
      const { ns, cpuNs } = stop()
      sink += s
      return { ops, ns, cpuNs }
    },
  }
  return bench
}

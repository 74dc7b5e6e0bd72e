/** What the suites plan their jobs from. */
export interface PlanOptions {
  quick: boolean
  full: boolean
  seed: number
  /** Timed rounds per job (≥ 5). */
  rounds: number
  /** Keeps the subjects the user selected (all when no `--subjects`), in the given order. */
  subjects(all: string[]): string[]
  subjectModule?: string
  clock: 'wall' | 'cpu'
}

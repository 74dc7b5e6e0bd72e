import { SUITE_NAMES } from '../types.js'

/** JSON Schema (draft-07) of what `--json` writes. */
export const resultsSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/warp/warp/packages/bench/results.schema.json',
  title: 'warp-bench results',
  type: 'object',
  required: ['meta', 'results', 'skipped'],
  additionalProperties: false,
  properties: {
    meta: {
      type: 'object',
      required: ['date', 'node', 'v8', 'cpu', 'cores', 'commit'],
      properties: {
        date: { type: 'string', format: 'date-time' },
        node: { type: 'string', pattern: '^v\\d+\\.\\d+\\.\\d+' },
        v8: { type: 'string' },
        cpu: { type: 'string' },
        cores: { type: 'integer', minimum: 1 },
        commit: { type: ['string', 'null'] },
        platform: { type: 'string' },
        arch: { type: 'string' },
        totalMemoryGiB: { type: 'number' },
        loadAverage: { type: 'number', minimum: 0 },
        seed: { type: 'integer' },
        quick: { type: 'boolean' },
        clock: { enum: ['wall', 'cpu'] },
        runs: { type: 'integer', minimum: 1 },
        durationMs: { type: 'number', minimum: 0 },
      },
    },
    results: {
      type: 'array',
      items: {
        type: 'object',
        required: ['suite', 'subject', 'group', 'label', 'config', 'metric', 'value', 'runs'],
        properties: {
          suite: { enum: SUITE_NAMES },
          subject: { type: 'string', minLength: 1 },
          group: { type: 'string' },
          label: { type: 'string' },
          config: {
            type: 'object',
            additionalProperties: { type: ['string', 'number', 'boolean'] },
          },
          metric: { enum: ['ops/s', 'ms', 'bytes/entry', 'hit ratio', 'loader calls'] },
          // NaN (a failed subject) serialises as null.
          value: { type: ['number', 'null'] },
          min: { type: ['number', 'null'] },
          max: { type: ['number', 'null'] },
          runs: { type: 'array', items: { type: 'number' } },
          passes: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['value', 'runs'],
              additionalProperties: false,
              properties: {
                value: { type: ['number', 'null'] },
                runs: { type: 'array', minItems: 1, items: { type: ['number', 'null'] } },
                extra: { type: 'object', additionalProperties: { type: 'number' } },
              },
            },
          },
          clock: { enum: ['wall', 'cpu'] },
          baseline: { type: 'string' },
          ratio: { type: 'number' },
          disqualified: { type: 'string' },
          error: { type: 'string' },
          notes: { type: 'array', items: { type: 'string' } },
          tags: { type: 'array', items: { enum: ['warp', 'object-keyed', 'unbounded'] } },
          extra: { type: 'object', additionalProperties: { type: 'number' } },
        },
      },
    },
    skipped: {
      type: 'array',
      items: {
        type: 'object',
        required: ['suite', 'reason'],
        properties: {
          suite: { type: 'string' },
          subject: { type: 'string' },
          reason: { type: 'string' },
        },
      },
    },
  },
} as const

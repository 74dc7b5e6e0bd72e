/**
 * One value of every kind a backend must store, labelled for assertion messages.
 * Byte backends must return deep-equal copies; in-process backends the same reference.
 */
export function sampleValues(): Array<[label: string, value: unknown]> {
  return [
    ['undefined', undefined],
    ['null', null],
    ['false', false],
    ['true', true],
    ['zero', 0],
    ['negative zero', -0],
    ['NaN', Number.NaN],
    ['Infinity', Number.POSITIVE_INFINITY],
    ['-Infinity', Number.NEGATIVE_INFINITY],
    ['int', 42],
    ['float', -3.25],
    ['max safe int', Number.MAX_SAFE_INTEGER],
    ['bigint', -(2n ** 70n)],
    ['empty string', ''],
    ['string', 'héllo wörld 🌍'],
    ['lone surrogate', 'a\ud800b'],
    ['bytes', new Uint8Array([0, 1, 2, 255])],
    ['object', { a: 1, nested: { b: [1, 'two', null] } }],
    ['array', [1, 'x', { y: true }]],
    [
      'map',
      new Map<unknown, unknown>([
        ['k', 1],
        [2, 'v'],
      ]),
    ],
    ['set', new Set([1, 'a'])],
    ['date', new Date(1_700_000_000_000)],
  ]
}

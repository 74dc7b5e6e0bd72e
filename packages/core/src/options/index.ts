export { checkOptions, checkValue, describeSpec, show } from './check-options.js'
export { closestName } from './closest-name.js'
export type { OptionSpec, OptionSpecs } from './option-spec.js'

export type {
  ContractBody,
  ContractCapabilities,
  ContractContext,
  ContractSuiteOptions,
  Register,
  TestFunction,
} from './contract-suite.js'
export { backendContractSuite, CONTRACT_CAPACITY } from './contract-suite.js'
export type { ReferenceBackendOptions } from './reference-backend.js'
export { ReferenceBackend } from './reference-backend.js'
export { sampleValues } from './sample-values.js'
export { seededRandom } from './seeded-random.js'

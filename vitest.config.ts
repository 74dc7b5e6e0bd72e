import { defineConfig } from 'vitest/config'

// `npx vitest` at the root runs every package's project; CI runs them per package through Nx.
export default defineConfig({ test: { projects: ['packages/*'] } })

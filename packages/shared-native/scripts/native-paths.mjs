// Where the addon lives. Shared by the install script, the prepack script and the
// loader's documentation (src/load-native.ts keeps its own copy of the same rule).
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))

/** `glibc` or `musl` (a prebuild is linked against one of them). */
export function libc() {
  const header = process.report?.getReport?.().header
  return header?.glibcVersionRuntime ? 'glibc' : 'musl'
}

/** prebuilds/<platform>-<arch>/warp-shared.napi.<libc>.node (prebuildify's layout). */
export function prebuildPath() {
  return `${root}prebuilds/${process.platform}-${process.arch}/warp-shared.napi.${libc()}.node`
}

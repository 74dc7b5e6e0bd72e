/** Placeholder until this package's issue lands. */
export const packageName = '@warp/shared-native'

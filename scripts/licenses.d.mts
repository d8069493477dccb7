// Types of scripts/licenses.mjs, for the tests that import it.
export interface WebpackStatsModule {
  readonly nameForCondition?: string;
  readonly modules?: readonly WebpackStatsModule[];
}
export function packageDirsOf(stats: { readonly modules: readonly WebpackStatsModule[] }): string[];
export function licensesText(dirs: readonly string[]): string;

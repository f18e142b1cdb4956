import type { BuildOptions } from 'esbuild';
export function nodeBundleOptions(root: string, production: boolean): BuildOptions;

// Types for scripts/bundles.js (plain JS so scripts/build.js runs it without tsx).
export interface BundleEntry { name: string; entry: string; optional?: boolean }
export declare const BUNDLES: BundleEntry[];
export declare function bundle(entry: string, root?: string, options?: { minify?: boolean }): Promise<string>;
export declare function makeBundles(root?: string, options?: { log?: (line: string) => void; bundles?: BundleEntry[] }): Promise<string[]>;

// Types for scripts/serve-dist.js (plain JS so `node scripts/serve-dist.js` runs without tsx).
export declare const MIME_TYPES: Record<string, string>;
export declare function serveDist(dir: string, options?: { port?: number; log?: (line: string) => void }): Promise<{ url: string; close: () => Promise<void> }>;
export declare function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | "unsatisfiable";
/** Cache-Control for a URL path: immutable for Framework's hashed asset folders, no-cache otherwise. */
export declare function cacheControl(pathname: string): string;

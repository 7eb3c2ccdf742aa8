// Types of launch.mjs (plain JavaScript so the start script can import it without a loader).
export declare const WORKER_NODE_FLAGS: string[];
export declare const SERVICE_ENTRIES: string[];
export declare function buildBundle(entry: string): string;

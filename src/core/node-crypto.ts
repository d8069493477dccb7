import type crypto from 'node:crypto';

/**
 * node:crypto, loaded on first use rather than when the module graph loads. Loading it takes 5-7 ms of a cold start
 * on Node 24 (it brings its cipher, key and KDF modules with it), and verify-signature's first registry requests need
 * none of it: with every module on that path reaching it through here, those requests go out first and the load
 * overlaps the registry's answer. Later calls return the loaded module.
 */
let cryptoModule: typeof crypto | undefined;
export const nodeCrypto = (): typeof crypto => (cryptoModule ??= process.getBuiltinModule('node:crypto'));

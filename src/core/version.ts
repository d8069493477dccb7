/** drydock's version, kept equal to package.json's by a test; used in user agents and signatures. */
export const VERSION = '0.1.0';
export const USER_AGENT = `drydock/${VERSION}`;

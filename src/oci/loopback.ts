/**
 * Plain HTTP only ever to a registry on this machine (the testbed, a local mirror), never across a network: credentials
 * and tokens would otherwise travel in clear text. Every action that accepts a `registry-endpoint` applies this rule.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}

import { clusterDnsAddress, dnsAddressFits, type ClusterIdentity } from '../cluster-identity.js';
import { applyEdits, readCommandWords, shellQuote, type ShellWord, type TextEdit } from './shell-words.js';

/**
 * Amazon Linux 2 nodes join their cluster by running /etc/eks/bootstrap.sh from user data. Its arguments: the cluster
 * name (positional, anywhere) and `--option value` pairs; every option takes a value except -h/--help. These helpers
 * find that invocation, set the cluster-identity arguments to the node group's own cluster while leaving every other
 * argument and every other line alone, and write a fresh invocation when there is none.
 */

const BOOTSTRAP = '/etc/eks/bootstrap.sh';

export interface BootstrapInvocation {
  /** Offset just past `/etc/eks/bootstrap.sh`. */
  readonly commandEnd: number;
  readonly words: readonly ShellWord[];
}

/**
 * What may stand between the start of a command and the command itself: keywords that begin one (`then`, `do`, ...),
 * wrappers that run the next word (`sudo`, `exec`, `bash`, ...) and their options, and variable assignments.
 */
const LEADING_WORD = /^(?:then|do|else|if|while|until|!|\{|exec|sudo|nohup|time|command|env|bash|sh|-\S*|[A-Za-z_][A-Za-z0-9_]*=\S*)$/;

/**
 * Whether the path that follows `line` (its line up to the path) is the command run there, not an argument of another
 * command (`sed -i ... /etc/eks/bootstrap.sh`, `[ -x /etc/eks/bootstrap.sh ]`, `echo "calling /etc/eks/bootstrap.sh"`):
 * the command starts after the line's last separator, and only leading words may come between.
 */
function inCommandPosition(line: string): boolean {
  const commandStart = Math.max(...[';', '&', '|', '(', '`'].map((separator) => line.lastIndexOf(separator))) + 1;
  const words = line.slice(commandStart).replace(/["']$/, '').trim();
  return words === '' || words.split(/\s+/).every((word) => LEADING_WORD.test(word));
}

/** Every invocation of bootstrap.sh in a script that is not commented out. */
export function findBootstrapInvocations(script: string): BootstrapInvocation[] {
  const found: BootstrapInvocation[] = [];
  for (let index = script.indexOf(BOOTSTRAP); index >= 0; index = script.indexOf(BOOTSTRAP, index + 1)) {
    const before = script[index - 1];
    const after = script[index + BOOTSTRAP.length];
    if (before !== undefined && !/[\s;&|(`"']/.test(before)) continue;
    if (after !== undefined && !/[\s;&|)`"']/.test(after)) continue;
    const line = script.slice(script.lastIndexOf('\n', index - 1) + 1, index);
    if (line.trimStart().startsWith('#') || !inCommandPosition(line)) continue;
    const commandEnd = index + BOOTSTRAP.length + (after === '"' || after === "'" ? 1 : 0);
    found.push({ commandEnd, words: readCommandWords(script, commandEnd) });
  }
  return found;
}

export function hasBootstrapInvocation(script: string): boolean {
  return findBootstrapInvocations(script).length > 0;
}

interface ParsedArguments {
  readonly positional: ShellWord[];
  readonly options: Map<string, { flag: ShellWord; value?: ShellWord }>;
}

function parseArguments(words: readonly ShellWord[]): ParsedArguments {
  const positional: ShellWord[] = [];
  const options = new Map<string, { flag: ShellWord; value?: ShellWord }>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.value.startsWith('-') && word.value !== '-') {
      if (word.value === '-h' || word.value === '--help' || word.value.includes('=')) continue;
      const value = words[i + 1];
      options.set(word.value, value ? { flag: word, value } : { flag: word });
      i++;
    } else if (!word.bareExpansion || /cluster/i.test(word.value)) {
      // A bare $EXTRA_ARGS may expand to several options; only an expansion that names the cluster is taken as the name.
      positional.push(word);
    }
  }
  return { positional, options };
}

/**
 * The script with its bootstrap.sh invocations aimed at `cluster`: the cluster name, --apiserver-endpoint and
 * --b64-cluster-ca are always set; the service network follows the cluster's IP family (IPv4: --dns-cluster-ip, and an
 * --ip-family ipv4 if one is given; IPv6: --ip-family ipv6 and --service-ipv6-cidr). An explicit --dns-cluster-ip is
 * the user's choice (NodeLocal DNSCache, for one) and is kept when the invocation already named this cluster and the
 * address is of the cluster's IP family; otherwise it is derived from the service CIDR.
 */
export function retargetBootstrap(script: string, cluster: ClusterIdentity): string {
  const edits: TextEdit[] = [];
  for (const invocation of findBootstrapInvocations(script)) edits.push(...retargetInvocation(invocation, cluster));
  return applyEdits(script, edits);
}

function retargetInvocation(invocation: BootstrapInvocation, cluster: ClusterIdentity): TextEdit[] {
  const { positional, options } = parseArguments(invocation.words);
  const edits: TextEdit[] = [];
  const appended: string[] = [];
  const insertAt = invocation.words.at(-1)?.end ?? invocation.commandEnd;

  const replace = (word: ShellWord, value: string) => {
    if (word.value !== value) edits.push({ start: word.start, end: word.end, text: shellQuote(value, word.quote) });
  };
  const setOption = (name: string, value: string) => {
    const option = options.get(name);
    if (option?.value) replace(option.value, value);
    else if (option) edits.push({ start: option.flag.end, end: option.flag.end, text: ` ${shellQuote(value)}` });
    else appended.push(`${name} ${shellQuote(value)}`);
  };
  const removeOption = (name: string) => {
    const option = options.get(name);
    if (!option) return;
    // From the end of the previous word, so the blank (or line continuation) before the option goes with it.
    const index = invocation.words.indexOf(option.flag);
    const start = index > 0 ? invocation.words[index - 1]!.end : invocation.commandEnd;
    edits.push({ start, end: (option.value ?? option.flag).end, text: '' });
  };

  const nameWord = positional[0];
  const sameCluster = nameWord?.value === cluster.name;
  if (nameWord) replace(nameWord, cluster.name);
  setOption('--apiserver-endpoint', cluster.endpoint);
  setOption('--b64-cluster-ca', cluster.certificateAuthority);
  const dns = clusterDnsAddress(cluster);
  const givenDns = options.get('--dns-cluster-ip')?.value?.value;
  const keepGivenDns = givenDns !== undefined && sameCluster && dnsAddressFits(givenDns, cluster.ipFamily);
  if (cluster.ipFamily === 'ipv6') {
    setOption('--ip-family', 'ipv6');
    setOption('--service-ipv6-cidr', cluster.serviceCidr);
    // Without --dns-cluster-ip, bootstrap.sh derives the address from --service-ipv6-cidr itself.
    if (givenDns !== undefined && !keepGivenDns) setOption('--dns-cluster-ip', dns);
  } else {
    if (options.has('--ip-family')) setOption('--ip-family', 'ipv4');
    removeOption('--service-ipv6-cidr');
    if (!keepGivenDns) setOption('--dns-cluster-ip', dns);
  }
  if (!nameWord) appended.push(shellQuote(cluster.name));
  if (appended.length > 0) edits.push({ start: insertAt, end: insertAt, text: appended.map((text) => ` ${text}`).join('') });
  return edits;
}

/** A shell script that bootstraps an AL2 node into `cluster` without calling DescribeCluster at boot. */
export function bootstrapScript(cluster: ClusterIdentity): string {
  const network =
    cluster.ipFamily === 'ipv6'
      ? [`--ip-family ipv6`, `--service-ipv6-cidr ${shellQuote(cluster.serviceCidr)}`]
      : [`--dns-cluster-ip ${clusterDnsAddress(cluster)}`];
  const lines = [
    `${BOOTSTRAP} ${shellQuote(cluster.name)}`,
    `--apiserver-endpoint ${shellQuote(cluster.endpoint)}`,
    `--b64-cluster-ca ${shellQuote(cluster.certificateAuthority)}`,
    ...network,
  ];
  return ['#!/bin/bash', 'set -o errexit -o nounset -o pipefail', lines.join(' \\\n  '), ''].join('\n');
}

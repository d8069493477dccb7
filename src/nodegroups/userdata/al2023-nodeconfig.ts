import { isMap, isScalar, isSeq, parse, parseAllDocuments, type Document, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { clusterDnsAddress, dnsAddressFits, type ClusterIdentity } from '../cluster-identity.js';
import { applyEdits, type TextEdit } from './shell-words.js';

/**
 * Amazon Linux 2023 nodes are configured by nodeadm from `node.eks.aws` NodeConfig documents in user data (YAML, on
 * their own or as `application/node.eks.aws` MIME parts; nodeadm merges all of them in order). Edits here are splices
 * at the YAML nodes' source offsets, so comments, key order, quoting and every field drydock does not own stay exactly
 * as written; only a document in flow or JSON style, where splicing is not safe, is re-serialized.
 */

const API_GROUP = 'node.eks.aws/';
export const NODECONFIG_MEDIA_TYPE = 'application/node.eks.aws';

type ParsedDocument = Document.Parsed;

function isNodeConfig(document: ParsedDocument): boolean {
  const apiVersion = document.get('apiVersion');
  return document.get('kind') === 'NodeConfig' && typeof apiVersion === 'string' && apiVersion.startsWith(API_GROUP);
}

/** True when the text is YAML holding at least one NodeConfig. */
export function containsNodeConfig(text: string): boolean {
  try {
    return parseAllDocuments(text).some((document) => document.errors.length === 0 && isNodeConfig(document));
  } catch {
    return false;
  }
}

export type NodeConfigEdit =
  | { readonly kind: 'edited'; readonly text: string; readonly hadCluster: boolean }
  | { readonly kind: 'invalid'; readonly problem: string };

function formatScalar(value: string, like?: Scalar['type']): string {
  if (like === 'QUOTE_SINGLE') return `'${value.replace(/'/g, "''")}'`;
  if (like === 'QUOTE_DOUBLE') return JSON.stringify(value);
  const plain = /^[A-Za-z0-9._/+=-][A-Za-z0-9._/:+=-]*$/.test(value) && !value.endsWith(':') && parse(value) === value;
  return plain ? value : JSON.stringify(value);
}

const CLUSTER_FIELDS = (cluster: ClusterIdentity): [string, string][] => [
  ['name', cluster.name],
  ['apiServerEndpoint', cluster.endpoint],
  ['certificateAuthority', cluster.certificateAuthority],
  ['cidr', cluster.serviceCidr],
];

function isBlock(node: Node | null | undefined): boolean {
  return node !== null && node !== undefined && !(isMap(node) || isSeq(node) ? node.flow : false) && node.range !== undefined;
}

function pairOf(map: YAMLMap, key: string): Pair<Scalar, Node | null> | undefined {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) as Pair<Scalar, Node | null> | undefined;
}

/** Offset where a line added after the map's last entry goes (the start of the line after it). */
function endOfBlockMap(source: string, map: YAMLMap): number {
  const last = map.items.at(-1)!;
  const lastNode = (last.value ?? last.key) as Node;
  const end = lastNode.range![1];
  if (source[end - 1] === '\n') return end;
  const newline = source.indexOf('\n', end);
  return newline < 0 ? source.length : newline + 1;
}

function keyIndent(source: string, map: YAMLMap): string {
  const first = map.items[0]!.key as Node;
  const start = first.range![0];
  return source.slice(source.lastIndexOf('\n', start - 1) + 1, start);
}

class SpliceUnsafe extends Error {}

/** Edits that set `entries` in a block map: existing scalars replaced in place, missing keys added at its end. */
function setInBlockMap(source: string, map: YAMLMap, entries: readonly [string, string][], newline: string): TextEdit[] {
  if (!isBlock(map) || map.items.length === 0) throw new SpliceUnsafe();
  const edits: TextEdit[] = [];
  const added: string[] = [];
  const indent = keyIndent(source, map);
  for (const [key, value] of entries) {
    const pair = pairOf(map, key);
    if (!pair) {
      added.push(`${indent}${key}: ${formatScalar(value)}${newline}`);
      continue;
    }
    if (!isScalar(pair.value) || !pair.value.range) throw new SpliceUnsafe();
    if (pair.value.value === value) continue;
    // A block scalar (`|`, `>`) spans its indented lines and the line break after them: not a span one value replaces.
    if (pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED') throw new SpliceUnsafe();
    edits.push({ start: pair.value.range[0], end: pair.value.range[1], text: formatScalar(value, pair.value.type) });
  }
  if (added.length > 0) {
    const at = endOfBlockMap(source, map);
    const prefix = at === source.length && !source.endsWith('\n') ? newline : '';
    edits.push({ start: at, end: at, text: prefix + added.join('') });
  }
  return edits;
}

/** The first kubelet clusterDNS entry, when there is one that must be re-derived (see retargetNodeConfigs). */
function staleClusterDns(document: ParsedDocument, cluster: ClusterIdentity, sameCluster: boolean): Scalar | undefined {
  const dns = document.getIn(['spec', 'kubelet', 'config', 'clusterDNS'], true);
  if (!isSeq(dns) || dns.items.length === 0) return undefined;
  const first = dns.items[0];
  if (!isScalar(first)) throw new SpliceUnsafe();
  const keep = sameCluster && dnsAddressFits(String(first.value), cluster.ipFamily);
  return keep || first.value === clusterDnsAddress(cluster) ? undefined : first;
}

function clusterDnsEdits(document: ParsedDocument, cluster: ClusterIdentity, sameCluster: boolean): TextEdit[] {
  const stale = staleClusterDns(document, cluster, sameCluster);
  if (!stale) return [];
  if (!stale.range) throw new SpliceUnsafe();
  return [{ start: stale.range[0], end: stale.range[1], text: formatScalar(clusterDnsAddress(cluster), stale.type) }];
}

/**
 * Sets the cluster coordinates in every NodeConfig that has a `spec.cluster`. A kubelet clusterDNS is the user's
 * choice (NodeLocal DNSCache, for one); it is re-derived from the service CIDR only when the document named a
 * different cluster (a template copied from another cluster) or the address is not of the cluster's IP family.
 * When no document has `spec.cluster`, the text is returned unchanged with hadCluster false: the caller adds one.
 */
export function retargetNodeConfigs(text: string, cluster: ClusterIdentity): NodeConfigEdit {
  const documents: ParsedDocument[] = [...parseAllDocuments(text)];
  const broken = documents.find((document) => document.errors.length > 0);
  if (broken) return { kind: 'invalid', problem: `its NodeConfig YAML does not parse (${broken.errors[0]!.message.split('\n')[0]!.replace(/:$/, '')})` };
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  let hadCluster = false;
  const edits: TextEdit[] = [];
  let needsReserialize = false;
  for (const document of documents) {
    if (!isNodeConfig(document)) continue;
    const clusterMap = document.getIn(['spec', 'cluster'], true);
    if (!isMap(clusterMap)) continue;
    hadCluster = true;
    const previousName = clusterMap.get('name');
    try {
      edits.push(...setInBlockMap(text, clusterMap, CLUSTER_FIELDS(cluster), newline));
      edits.push(...clusterDnsEdits(document, cluster, previousName === cluster.name));
    } catch (error) {
      if (!(error instanceof SpliceUnsafe)) throw error;
      needsReserialize = true;
    }
  }
  if (needsReserialize) return { kind: 'edited', text: reserialize(documents, cluster), hadCluster };
  const spliced = applyEdits(text, edits);
  // The splice keeps the user's formatting; it is used only when the result reads back as the YAML it should be.
  return { kind: 'edited', text: readsBack(spliced, cluster) ? spliced : reserialize(documents, cluster), hadCluster };
}

/** Whether edited text parses, and every NodeConfig with a spec.cluster holds the cluster's coordinates. */
function readsBack(text: string, cluster: ClusterIdentity): boolean {
  const documents: ParsedDocument[] = [...parseAllDocuments(text)];
  if (documents.some((document) => document.errors.length > 0)) return false;
  return documents.every(
    (document) => !isNodeConfig(document) || !isMap(document.getIn(['spec', 'cluster'], true)) || CLUSTER_FIELDS(cluster).every(([key, value]) => document.getIn(['spec', 'cluster', key]) === value),
  );
}

/** Fallback for flow/JSON documents: set the fields through the YAML model and print every document again. */
function reserialize(documents: ParsedDocument[], cluster: ClusterIdentity): string {
  for (const document of documents) {
    if (!isNodeConfig(document) || !isMap(document.getIn(['spec', 'cluster'], true))) continue;
    const sameCluster = document.getIn(['spec', 'cluster', 'name']) === cluster.name;
    if (staleClusterDns(document, cluster, sameCluster)) {
      document.setIn(['spec', 'kubelet', 'config', 'clusterDNS', 0], clusterDnsAddress(cluster));
    }
    for (const [key, value] of CLUSTER_FIELDS(cluster)) document.setIn(['spec', 'cluster', key], value);
  }
  return documents.map((document) => document.toString({ lineWidth: 0 })).join('');
}

/**
 * Adds `spec.cluster` to the first NodeConfig of a document that has none (a plain NodeConfig user data without
 * cluster coordinates), as lines appended to `spec`, or a `spec` appended to the document.
 */
export function addClusterToFirstNodeConfig(text: string, cluster: ClusterIdentity): string | undefined {
  const documents: ParsedDocument[] = [...parseAllDocuments(text)];
  const document = documents.find(isNodeConfig);
  if (!document) return undefined;
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const spec = document.get('spec', true);
  const fields = (indent: string) =>
    CLUSTER_FIELDS(cluster).map(([key, value]) => `${indent}${key}: ${formatScalar(value)}${newline}`).join('');
  if (isMap(spec) && isBlock(spec) && spec.items.length > 0) {
    const indent = keyIndent(text, spec);
    const unit = indent.length > 0 ? indent : '  ';
    const at = endOfBlockMap(text, spec);
    const prefix = at === text.length && !text.endsWith('\n') ? newline : '';
    return applyEdits(text, [{ start: at, end: at, text: `${prefix}${indent}cluster:${newline}${fields(indent + unit)}` }]);
  }
  const root = document.contents;
  if (spec === undefined && isMap(root) && isBlock(root) && root.items.length > 0) {
    const at = endOfBlockMap(text, root);
    const prefix = at === text.length && !text.endsWith('\n') ? newline : '';
    return applyEdits(text, [{ start: at, end: at, text: `${prefix}spec:${newline}  cluster:${newline}${fields('    ')}` }]);
  }
  document.setIn(['spec', 'cluster'], Object.fromEntries(CLUSTER_FIELDS(cluster)));
  return documents.map((each) => each.toString({ lineWidth: 0 })).join('');
}

/** A NodeConfig holding only the cluster coordinates. */
export function nodeConfigDocument(cluster: ClusterIdentity): string {
  const fields = CLUSTER_FIELDS(cluster).map(([key, value]) => `    ${key}: ${formatScalar(value)}`);
  return ['---', 'apiVersion: node.eks.aws/v1alpha1', 'kind: NodeConfig', 'spec:', '  cluster:', ...fields, ''].join('\n');
}

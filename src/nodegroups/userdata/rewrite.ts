import type { ClusterIdentity } from '../cluster-identity.js';
import type { OsFamily } from '../os-family.js';
import { bootstrapScript, hasBootstrapInvocation, retargetBootstrap } from './al2-bootstrap.js';
import {
  addClusterToFirstNodeConfig,
  containsNodeConfig,
  NODECONFIG_MEDIA_TYPE,
  nodeConfigDocument,
  retargetNodeConfigs,
} from './al2023-nodeconfig.js';
import { setImageLabel, type ImageChange } from './image-label.js';
import {
  appendParts,
  buildMultipart,
  decodePartBody,
  newPart,
  parseMultipart,
  serializeMultipart,
  withPartBody,
  type MimeDocument,
  type MimePart,
} from './mime.js';

/**
 * The user data of a new launch template version: the node group's current user data with the cluster coordinates set
 * to its own cluster, and a bootstrap (AL2 bootstrap.sh call, AL2023 NodeConfig `spec.cluster`) added only when there
 * is none; in the parts drydock edits, a `eks.amazonaws.com/nodegroup-image` node label that names the current AMI
 * names the new one. Everything else (other MIME parts, other arguments, other NodeConfig fields, comments) is kept
 * byte for byte.
 */
export type UserDataRewrite =
  | {
      readonly kind: 'rewritten';
      readonly text: string;
      /** The text differs from the input, for whatever reason. */
      readonly changed: boolean;
      /** The bootstrap was added or its cluster coordinates changed (the image label aside). */
      readonly bootstrapChanged: boolean;
      /** True when drydock wrote the bootstrap itself because the user data had none. */
      readonly generatedBootstrap: boolean;
      /** Set when the nodegroup-image node label named the current AMI and now names the new one. */
      readonly imageLabel?: ImageChange;
    }
  | { readonly kind: 'unsupported'; readonly reason: string };

/** Launch template user data is base64; gzip or binary content is left to its owner. */
export function decodeUserData(base64: string | undefined): { text: string } | { problem: string } {
  if (base64 === undefined || base64 === '') return { text: '' };
  const bytes = Buffer.from(base64, 'base64');
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { problem: 'its user data is gzip-compressed, which drydock does not edit' };
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) return { problem: 'its user data is not UTF-8 text' };
  return { text };
}

export function encodeUserData(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

const SHELL_TYPES = /^text\/(x-shellscript(-per-(boot|instance|once))?|cloud-boothook)$/;

/** Media types cloud-init infers from the first line of user data that is not MIME. */
function mediaTypeOfPlainText(text: string): string | undefined {
  if (text.startsWith('#!')) return 'text/x-shellscript';
  if (text.startsWith('#cloud-config')) return 'text/cloud-config';
  if (text.startsWith('#cloud-boothook')) return 'text/cloud-boothook';
  if (text.startsWith('#include')) return 'text/x-include-url';
  if (text.startsWith('#part-handler')) return 'text/part-handler';
  return undefined;
}

const rewritten = (original: string, text: string, generatedBootstrap: boolean): UserDataRewrite => ({
  kind: 'rewritten',
  text,
  changed: text !== original,
  bootstrapChanged: text !== original,
  generatedBootstrap,
});
const unsupported = (reason: string): UserDataRewrite => ({ kind: 'unsupported', reason });

/** Applied to the text of each part drydock edits (the bootstrap.sh script, the NodeConfig) before it is retargeted. */
type PartEdit = (body: string) => string;
const asWritten: PartEdit = (body) => body;

/**
 * `image`, when given, is the node group's current AMI and the new one, for the nodegroup-image label. The label is
 * set in a second pass over the same parts, so the result can tell a bootstrap change from a label change.
 */
export function retargetUserData(text: string, family: OsFamily, cluster: ClusterIdentity, image?: ImageChange): UserDataRewrite {
  const retarget = (editPart: PartEdit) => (family === 'al2' ? retargetAl2(text, cluster, editPart) : retargetAl2023(text, cluster, editPart));
  const bootstrapOnly = retarget(asWritten);
  if (!image || image.from === image.to || bootstrapOnly.kind === 'unsupported') return bootstrapOnly;
  const relabeled = retarget((body) => setImageLabel(body, image));
  if (relabeled.kind === 'unsupported' || relabeled.text === bootstrapOnly.text) return bootstrapOnly;
  return { ...relabeled, bootstrapChanged: bootstrapOnly.changed, imageLabel: image };
}

interface DecodedPart {
  readonly part: MimePart;
  readonly body: string | undefined;
}

function decodeParts(document: MimeDocument): DecodedPart[] {
  return document.parts.map((part) => ({ part, body: decodePartBody(part) }));
}

function undecodable(parts: readonly DecodedPart[]): string | undefined {
  const index = parts.findIndex(({ body }) => body === undefined);
  return index < 0
    ? undefined
    : `MIME part ${index + 1} of its user data uses ${parts[index]!.part.transferEncoding} transfer encoding, which drydock does not edit`;
}

function retargetAl2(text: string, cluster: ClusterIdentity, editPart: PartEdit): UserDataRewrite {
  const bootstrapPart = { contentType: 'text/x-shellscript; charset="us-ascii"', body: bootstrapScript(cluster) };
  if (text.trim() === '') return rewritten(text, buildMultipart([bootstrapPart]), true);
  const document = parseMultipart(text);
  if (document) {
    const parts = decodeParts(document);
    const problem = undecodable(parts);
    if (problem) return unsupported(problem);
    if (parts.some(({ part }) => part.contentType === NODECONFIG_MEDIA_TYPE)) {
      return unsupported('its user data holds a nodeadm NodeConfig (Amazon Linux 2023) but the new AMI is Amazon Linux 2');
    }
    if (parts.some(({ part, body }) => !SHELL_TYPES.test(part.contentType) && hasBootstrapInvocation(body!))) {
      return unsupported('its user data calls /etc/eks/bootstrap.sh from a part that is not a shell script; drydock edits only shell script parts');
    }
    let found = false;
    const edited = parts.map(({ part, body }) => {
      if (!SHELL_TYPES.test(part.contentType) || !hasBootstrapInvocation(body!)) return part;
      found = true;
      return withPartBody(part, retargetBootstrap(editPart(body!), cluster), document.newline);
    });
    const result = { ...document, parts: edited };
    if (found) return rewritten(text, serializeMultipart(result), false);
    const added = newPart(document.boundary, bootstrapPart.contentType, bootstrapPart.body, document.newline);
    return rewritten(text, serializeMultipart(appendParts(result, [added])), true);
  }
  const mediaType = mediaTypeOfPlainText(text);
  if (mediaType === 'text/x-shellscript' && hasBootstrapInvocation(text)) return rewritten(text, retargetBootstrap(editPart(text), cluster), false);
  if (containsNodeConfig(text)) {
    return unsupported('its user data is a nodeadm NodeConfig (Amazon Linux 2023) but the new AMI is Amazon Linux 2');
  }
  if (mediaType === undefined) return unsupported(unknownFormat);
  // Wrapped as the first part of a MIME document, the original runs exactly as before, then the bootstrap part.
  return rewritten(text, buildMultipart([{ contentType: mediaType, body: text }, bootstrapPart]), true);
}

const unknownFormat =
  'its user data is neither MIME multipart, a shell script, cloud-config nor a NodeConfig, so drydock cannot tell where the bootstrap goes';

function retargetAl2023(text: string, cluster: ClusterIdentity, editPart: PartEdit): UserDataRewrite {
  const nodeConfigPart = { contentType: NODECONFIG_MEDIA_TYPE, body: nodeConfigDocument(cluster) };
  if (text.trim() === '') return rewritten(text, buildMultipart([nodeConfigPart]), true);
  const document = parseMultipart(text);
  if (document) {
    const parts = decodeParts(document);
    const problem = undecodable(parts);
    if (problem) return unsupported(problem);
    if (parts.some(({ body }) => hasBootstrapInvocation(body!))) return unsupported(al2BootstrapOnAl2023);
    let hadCluster = false;
    const edited: MimePart[] = [];
    for (const { part, body } of parts) {
      if (part.contentType !== NODECONFIG_MEDIA_TYPE) {
        edited.push(part);
        continue;
      }
      const edit = retargetNodeConfigs(editPart(body!), cluster);
      if (edit.kind === 'invalid') return unsupported(edit.problem);
      hadCluster ||= edit.hadCluster;
      edited.push(edit.text === body ? part : withPartBody(part, edit.text, document.newline));
    }
    const result = { ...document, parts: edited };
    if (hadCluster) return rewritten(text, serializeMultipart(result), false);
    const added = newPart(document.boundary, nodeConfigPart.contentType, nodeConfigPart.body, document.newline);
    return rewritten(text, serializeMultipart(appendParts(result, [added])), true);
  }
  if (containsNodeConfig(text)) {
    const edit = retargetNodeConfigs(editPart(text), cluster);
    if (edit.kind === 'invalid') return unsupported(edit.problem);
    if (edit.hadCluster) return rewritten(text, edit.text, false);
    const added = addClusterToFirstNodeConfig(editPart(text), cluster);
    return added === undefined ? unsupported(unknownFormat) : rewritten(text, added, true);
  }
  if (hasBootstrapInvocation(text)) return unsupported(al2BootstrapOnAl2023);
  const mediaType = mediaTypeOfPlainText(text);
  if (mediaType === undefined) return unsupported(unknownFormat);
  return rewritten(text, buildMultipart([{ contentType: mediaType, body: text }, nodeConfigPart]), true);
}

const al2BootstrapOnAl2023 =
  'its user data calls /etc/eks/bootstrap.sh (Amazon Linux 2) but the new AMI is Amazon Linux 2023, which bootstraps with nodeadm; ' +
  'move the node group to a launch template with NodeConfig user data first';

import { codeSigningLeaf, intermediateCa, rootCa, type IssuedCertificate } from './test-pki.js';

/** The everyday test chain: RSA root, RSA intermediate, P-384 code signing leaf. */
export const ROOT_SUBJECT = 'CN=Drydock Test Root,O=Drydock,ST=WA,C=US';
export const INTERMEDIATE_SUBJECT = 'CN=Drydock Test Intermediate,O=Drydock,ST=WA,C=US';
export const LEAF_SUBJECT = 'CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US';
export const LEAF_IDENTITY = 'x509.subject:CN=Drydock Test Signer,O=Drydock,ST=WA,C=US';

export interface StandardChain {
  readonly root: IssuedCertificate;
  readonly intermediate: IssuedCertificate;
  readonly leaf: IssuedCertificate;
  readonly chain: readonly IssuedCertificate[];
}

export function standardChain(leafOverrides: Parameters<typeof codeSigningLeaf>[3] = {}): StandardChain {
  const root = rootCa(ROOT_SUBJECT, 'root-rsa4096');
  const intermediate = intermediateCa(INTERMEDIATE_SUBJECT, 'intermediate-rsa3072', root);
  const leaf = codeSigningLeaf(LEAF_SUBJECT, 'leaf-p384', intermediate, leafOverrides);
  return { root, intermediate, leaf, chain: [leaf, intermediate, root] };
}

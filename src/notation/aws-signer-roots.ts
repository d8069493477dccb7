import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * AWS Signer's Notation root certificates, bundled so that verifying AWS Signer signatures needs no trust store
 * setup: a user who only names signing profile ARNs gets the conventional store `signingAuthority:aws-signer-ts`
 * (GovCloud: `aws-us-gov-signer-ts`). AWS partitions are isolated, so each root only anchors its own partition.
 * Sources: the certificates AWS publishes for Notation (as found in nirmata/kyverno-notation-aws and
 * aws-samples/amazon-eks-security-immersion-day); SHA-256 fingerprints are pinned in the tests.
 */
export interface BundledTrustStore {
  /** Named store, as a trust policy refers to it: `signingAuthority:<name>`. */
  readonly name: string;
  /** The AWS partition whose signing profiles chain to this root. */
  readonly partition: 'aws' | 'aws-us-gov';
  readonly subject: string;
  readonly sha256: string;
  readonly pem: string;
}

export const AWS_SIGNER_ROOT_COMMERCIAL: BundledTrustStore = {
  name: 'aws-signer-ts',
  partition: 'aws',
  subject: 'CN=AWS Signer Code Signing Root CA G1,ST=WA,OU=Cryptography,O=AWS,C=US',
  sha256: '90a87d0543c3f094dbff9589b6649affe2f3d6e0f308799be2258461c686473f',
  pem: [
    '-----BEGIN CERTIFICATE-----',
    'MIICWTCCAd6gAwIBAgIRAMq5Lmt4rqnUdi8qM4eIGbYwCgYIKoZIzj0EAwMwbDEL',
    'MAkGA1UEBhMCVVMxDDAKBgNVBAoMA0FXUzEVMBMGA1UECwwMQ3J5cHRvZ3JhcGh5',
    'MQswCQYDVQQIDAJXQTErMCkGA1UEAwwiQVdTIFNpZ25lciBDb2RlIFNpZ25pbmcg',
    'Um9vdCBDQSBHMTAgFw0yMjEwMjcyMTMzMjJaGA8yMTIyMTAyNzIyMzMyMlowbDEL',
    'MAkGA1UEBhMCVVMxDDAKBgNVBAoMA0FXUzEVMBMGA1UECwwMQ3J5cHRvZ3JhcGh5',
    'MQswCQYDVQQIDAJXQTErMCkGA1UEAwwiQVdTIFNpZ25lciBDb2RlIFNpZ25pbmcg',
    'Um9vdCBDQSBHMTB2MBAGByqGSM49AgEGBSuBBAAiA2IABM9+dM9WXbVyNOIP08oN',
    'IQW8DKKdBxP5nYNegFPLfGP0f7+0jweP8LUv1vlFZqVDep5ONus9IxwtIYBJLd36',
    '5Q3Z44Xnm4PY/wSI5xRvB/m+/B2PHc7Smh0P5s3Dt25oVKNCMEAwDwYDVR0TAQH/',
    'BAUwAwEB/zAdBgNVHQ4EFgQUONhd3abPX87l4YWKxjysv28QwAYwDgYDVR0PAQH/',
    'BAQDAgGGMAoGCCqGSM49BAMDA2kAMGYCMQCd32GnYU2qFCtKjZiveGfs+gCBlPi2',
    'Hw0zU52LXIFC2GlcvwcekbiM6w0Azlr9qvMCMQDl4+Os0yd+fVlYMuovvxh8xpjQ',
    'NPJ9zRGyYa7+GNs64ty/Z6bzPHOKbGo4In3KKJo=',
    '-----END CERTIFICATE-----',
  ].join('\n'),
};

export const AWS_SIGNER_ROOT_GOVCLOUD: BundledTrustStore = {
  name: 'aws-us-gov-signer-ts',
  partition: 'aws-us-gov',
  subject: 'CN=AWS Signer Code Signing GovCloud (US) Root CA G1,ST=WA,OU=Cryptography,O=AWS,C=US',
  sha256: '673653ab76f41a10546cdeb4107ecd6df2c15c2c9a0d32ed97d271b4436fc3e8',
  pem: [
    '-----BEGIN CERTIFICATE-----',
    'MIICdDCCAfqgAwIBAgIRANXkpKrZj0L324qGaqRhW/cwCgYIKoZIzj0EAwMwejEL',
    'MAkGA1UEBhMCVVMxDDAKBgNVBAoMA0FXUzEVMBMGA1UECwwMQ3J5cHRvZ3JhcGh5',
    'MQswCQYDVQQIDAJXQTE5MDcGA1UEAwwwQVdTIFNpZ25lciBDb2RlIFNpZ25pbmcg',
    'R292Q2xvdWQgKFVTKSBSb290IENBIEcxMCAXDTI0MDMwNjIzMzgyOFoYDzIxMjQw',
    'MzA3MDAzODI4WjB6MQswCQYDVQQGEwJVUzEMMAoGA1UECgwDQVdTMRUwEwYDVQQL',
    'DAxDcnlwdG9ncmFwaHkxCzAJBgNVBAgMAldBMTkwNwYDVQQDDDBBV1MgU2lnbmVy',
    'IENvZGUgU2lnbmluZyBHb3ZDbG91ZCAoVVMpIFJvb3QgQ0EgRzEwdjAQBgcqhkjO',
    'PQIBBgUrgQQAIgNiAARog54ObzWaGU6fAOcL4Af+P93l2t8Dl9hVD2n0eSSfmPq1',
    '3jtXgjcpXZIjMfoiWQPJTvyAB3opRyvO3grvUaWxRnjtwB/Pusj4tzhnaN+b80eJ',
    'iRn6AzrI9vBssd1ZyRKjQjBAMA8GA1UdEwEB/wQFMAMBAf8wHQYDVR0OBBYEFJF4',
    'zoYzTyn/5s8EleoNvek9QeE6MA4GA1UdDwEB/wQEAwIBhjAKBggqhkjOPQQDAwNo',
    'ADBlAjEA8tcKeLPxBB0mRmfkJn5+hgYxZaRGQatO5mxmjkB/DNIfJ1WeEE3tbCHr',
    'pNJL32FUAjBQY82UNV5yJrKFHOxuiQ+athQZUHLvWvAIXKExt9wvLdtKzfpag8BI',
    'o2A2A4nk0jk=',
    '-----END CERTIFICATE-----',
  ].join('\n'),
};

export const AWS_SIGNER_BUNDLED_TRUST_STORES: readonly BundledTrustStore[] = [AWS_SIGNER_ROOT_COMMERCIAL, AWS_SIGNER_ROOT_GOVCLOUD];

/** The bundled store for a signing profile ARN's partition, or undefined for partitions without a known root. */
export function bundledAwsSignerTrustStore(partition: string): BundledTrustStore | undefined {
  return AWS_SIGNER_BUNDLED_TRUST_STORES.find((store) => store.partition === partition);
}

/**
 * Writes the bundled roots in Notation's layout under `trustStoreDir` (x509/signingAuthority/<name>/<name>.pem), so
 * verifyEnvelope can use them like any other store. Existing files of the same name are overwritten. Two small files,
 * written synchronously (see trust-store.ts).
 */
export async function writeBundledAwsSignerTrustStores(trustStoreDir: string): Promise<void> {
  for (const store of AWS_SIGNER_BUNDLED_TRUST_STORES) {
    const directory = path.join(trustStoreDir, 'x509', 'signingAuthority', store.name);
    mkdirSync(directory, { recursive: true });
    writeFileSync(path.join(directory, `${store.name}.pem`), `${store.pem}\n`);
  }
}

/**
 * verify-signature end to end on the loopback testbed, through executeAction as a runner runs it, with the job
 * summary written to a file the way GITHUB_STEP_SUMMARY works: moto's ECR token on the TLS registry, signatures made by
 * notation-sign with the test key. Nothing is doubled here.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createNotationSign } from '../../../src/actions/notation-sign/main.js';
import { createVerifySignature } from '../../../src/actions/verify-signature/main.js';
import { describeWithTestbed, need, testbed, tlsRegistryClient, uniqueRepository } from '../../oci/integration/testbed.js';
import { pushImageWith, runAction, signingMaterial } from '../notation-sign/support/harness.js';
import { tempDir } from '../../support/temp-dir.js';

const ECR = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

describeWithTestbed('verify-signature against moto and the TLS registry', () => {
  test('one signed and one unsigned image: the step fails, the summary table says which and why', async () => {
    const material = signingMaterial();
    const endpoint = `https://${need(testbed).tls}`;
    const repository = uniqueRepository('verify-ecr');
    const signedImage = await pushImageWith(tlsRegistryClient(), repository, 'signed');
    const unsignedImage = await pushImageWith(tlsRegistryClient(), repository, 'unsigned');
    const signing = await runAction(
      createNotationSign(),
      { images: `${ECR}/${repository}:signed`, key: 'signing.key', 'certificate-chain': 'chain.pem', 'registry-endpoint': endpoint },
      material.work,
      process.env,
    );
    expect(signing.errors()).toEqual([]);

    const summaryFile = path.join(tempDir('summary'), 'summary.md');
    writeFileSync(summaryFile, '');
    const verified = await runAction(
      createVerifySignature(),
      {
        images: `${ECR}/${repository}:signed\n${ECR}/${repository}:unsigned`,
        'trust-policy': material.policy('strict', undefined, `${ECR}/${repository}`),
        'trust-store': 'truststore',
        'registry-endpoint': endpoint,
      },
      material.work,
      { ...process.env, GITHUB_STEP_SUMMARY: summaryFile },
    );
    expect(verified.code).toBe(1);
    expect(verified.errors()).toEqual([
      `1 of 2 image(s) failed signature verification. ${ECR}/${repository}:unsigned: signature check failed: no signature is associated with "${ECR}/${repository}@${unsignedImage.digest}", make sure the artifact was signed successfully. Sign the image (notation-sign) and check that the signature was pushed to the same repository as the image.`,
    ]);
    expect(JSON.parse(verified.outputs.get('digests')!)).toEqual([signedImage.digest]);
    const summary = readFileSync(summaryFile, 'utf8');
    expect(summary).toContain('| image | digest | result | signed by | signed at | details |');
    expect(summary).toContain(`| ${ECR}/${repository}:signed | ${signedImage.digest} | verified (strict) | CN=Drydock Test Signer,O=Drydock,L=Seattle,ST=WA,C=US |`);
    expect(summary).toContain(`| ${ECR}/${repository}:unsigned | ${unsignedImage.digest} | failed: signature |  |  | signature check failed: no signature is associated with`);
  });
});

import type { SignerClient } from '@aws-sdk/client-signer';
import { errorMessage, RemoteError } from '../core/errors.js';
import { awsClientConfig, withCallNames } from './client-config.js';

/**
 * AWS Signer calls. notation (src/notation) declares what it needs as interfaces; this file makes the calls with the
 * SDK. The request and response shapes below match src/notation/aws-signer-sign.ts's AwsSignerPayloadApi structurally,
 * so the dependency points from the actions to both, never from aws to notation.
 *
 * The SDK is imported on first use, not when this module loads: signing and verifying steps start once per workflow
 * run, most of them never call AWS Signer (local keys, no AWS Signer signature to check for revocation), and loading
 * the SDK is a large part of a cold start.
 */
type SignerSdk = typeof import('@aws-sdk/client-signer');

function loadSignerSdk(): Promise<SignerSdk> {
  return import('@aws-sdk/client-signer');
}

/** A SignerClient for `region`, created (and the SDK loaded) when the first command is sent. */
export function createSignerClient(region: string): Pick<SignerClient, 'send'> {
  let client: Promise<SignerClient> | undefined;
  const real = () => (client ??= loadSignerSdk().then(({ SignerClient }) => withCallNames(new SignerClient(awsClientConfig(region)))));
  const send = async (...args: unknown[]) => {
    const client = await real();
    return (client.send as (...sendArgs: unknown[]) => unknown).apply(client, args);
  };
  return { send: send as unknown as SignerClient['send'] };
}

/** One client per region for a run: signatures from profiles in several regions each need their own region's API. */
export function signerClientsByRegion<Client>(create: (region: string) => Client): (region: string) => Client {
  const clients = new Map<string, Client>();
  return (region) => {
    let client = clients.get(region);
    if (client === undefined) {
      client = create(region);
      clients.set(region, client);
    }
    return client;
  };
}

export interface SignPayloadRequest {
  readonly profileName: string;
  readonly profileOwner: string;
  readonly payload: Uint8Array;
  readonly payloadFormat: string;
}

export interface SignPayloadResult {
  readonly jobId?: string;
  readonly jobOwner?: string;
  readonly metadata?: Readonly<Record<string, string>>;
  readonly signature?: Uint8Array;
}

/**
 * SignPayload with the AWS error kept whole: the error name, AWS's message (which names the denied action and
 * resource for AccessDenied) and the request id, so a failing step says what to fix in IAM or in the profile.
 */
export function signerPayloadApi(client: Pick<SignerClient, 'send'>): { signPayload(request: SignPayloadRequest): Promise<SignPayloadResult> } {
  return {
    async signPayload(request) {
      const { SignPayloadCommand } = await loadSignerSdk();
      try {
        const response = await client.send(
          new SignPayloadCommand({
            profileName: request.profileName,
            profileOwner: request.profileOwner,
            payload: request.payload,
            payloadFormat: request.payloadFormat,
          }),
        );
        return {
          ...(response.jobId ? { jobId: response.jobId } : {}),
          ...(response.jobOwner ? { jobOwner: response.jobOwner } : {}),
          ...(response.metadata ? { metadata: response.metadata } : {}),
          ...(response.signature ? { signature: response.signature } : {}),
        };
      } catch (error) {
        const metadata = (error as { $metadata?: { httpStatusCode?: number; requestId?: string } }).$metadata;
        const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
        const requestId = metadata?.requestId ? ` (request id ${metadata.requestId})` : '';
        throw new RemoteError(
          `AWS Signer SignPayload with signing profile ${request.profileName} of account ${request.profileOwner} failed: ${name}${errorMessage(error)}${requestId}`,
          metadata?.httpStatusCode,
          { cause: error },
        );
      }
    },
  };
}

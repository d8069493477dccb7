import { SignerClient, SignPayloadCommand } from '@aws-sdk/client-signer';
import { RemoteError } from '../core/errors.js';
import { awsClientConfig } from './client-config.js';

/**
 * AWS Signer calls. notation (src/notation) declares what it needs as interfaces; this file makes the calls with the
 * SDK. The request and response shapes below match src/notation/aws-signer-sign.ts's AwsSignerPayloadApi structurally,
 * so the dependency points from the actions to both, never from aws to notation.
 */
export function createSignerClient(region: string): SignerClient {
  return new SignerClient(awsClientConfig(region));
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
          `AWS Signer SignPayload with signing profile ${request.profileName} of account ${request.profileOwner} failed: ${name}${error instanceof Error ? error.message : String(error)}${requestId}`,
          metadata?.httpStatusCode,
          { cause: error },
        );
      }
    },
  };
}

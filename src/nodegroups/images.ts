import { DescribeImagesCommand, type Image } from '@aws-sdk/client-ec2';
import type { Ec2Api } from './aws-clients.js';
import { callAws } from './aws-errors.js';

/** Image ids per DescribeImages call (EC2 caps the values of one filter at 200). */
const IDS_PER_CALL = 100;

/**
 * The images of `ids` that this account can describe, by id, in as few calls as possible. An image-id filter rather
 * than ImageIds: ImageIds fails the whole call when one AMI is gone (InvalidAMIID.NotFound), while the filter leaves
 * a deregistered AMI out of the answer and the caller decides what its absence means.
 */
export async function describeExistingImages(ec2: Ec2Api, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, Image>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, Image>();
  for (let start = 0; start < unique.length; start += IDS_PER_CALL) {
    const chunk = unique.slice(start, start + IDS_PER_CALL);
    const response = await callAws('DescribeImages', () =>
      ec2.send(new DescribeImagesCommand({ Filters: [{ Name: 'image-id', Values: chunk }] }), signal ? { abortSignal: signal } : {}),
    );
    for (const image of response.Images ?? []) if (image.ImageId) found.set(image.ImageId, image);
  }
  return found;
}

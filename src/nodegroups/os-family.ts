import type { Image } from '@aws-sdk/client-ec2';

/** The node operating systems whose bootstrap drydock writes: Amazon Linux 2 (bootstrap.sh) and 2023 (nodeadm). */
export type OsFamily = 'al2' | 'al2023';

export const OS_FAMILY_NAMES: Record<OsFamily, string> = { al2: 'Amazon Linux 2', al2023: 'Amazon Linux 2023' };

/** Set on an AMI (by build-harden-ami, or by hand) to state its family when its name and description do not. */
export const OS_FAMILY_TAG = 'drydock:os-family';

export type OsFamilyDetection = { readonly family: OsFamily; readonly evidence: string } | { readonly unsupported: string };

/**
 * Reads the OS family from the AMI itself (the public sample took it from a stack parameter, so a mismatched parameter
 * wrote AL2 user data onto AL2023 nodes). Evidence, strongest first: an explicit `drydock:os-family` tag, the platform
 * (Windows), then the name and description, which for EKS-optimized AMIs and Image Builder images derived from them
 * name the distribution (amazon-eks-node-al2023-..., amazon-eks-node-1.31-..., "Amazon Linux 2023").
 */
export function detectOsFamily(image: Image): OsFamilyDetection {
  const id = image.ImageId ?? 'the AMI';
  const tag = image.Tags?.find((each) => each.Key === OS_FAMILY_TAG)?.Value?.trim().toLowerCase();
  if (tag === 'al2' || tag === 'al2023') return { family: tag, evidence: `tag ${OS_FAMILY_TAG}=${tag}` };
  if (tag !== undefined) {
    return { unsupported: `${id} is tagged ${OS_FAMILY_TAG}=${tag}; drydock writes user data only for al2 and al2023` };
  }
  if (image.Platform?.toLowerCase() === 'windows' || /windows/i.test(image.PlatformDetails ?? '')) {
    return { unsupported: `${id} is a Windows AMI; drydock writes user data only for Amazon Linux 2 and 2023` };
  }
  const texts = [
    ['name', image.Name],
    ['description', image.Description],
  ] as const;
  for (const [field, text] of texts) {
    if (!text) continue;
    if (/bottlerocket/i.test(text)) return { unsupported: `${id} is Bottlerocket (its ${field} says so), which takes TOML settings, not bootstrap user data` };
    if (/ubuntu|rhel|red hat|windows/i.test(text)) return { unsupported: `${id} is not Amazon Linux (its ${field} is '${text}')` };
    if (/al2023|amazon[ -]linux[ -]2023|\bal-?2023\b/i.test(text)) return { family: 'al2023', evidence: `its ${field} '${text}'` };
    if (/amazon-eks(-arm64|-gpu)?-node-\d|amazon[ -]linux[ -]2\b|\bal2\b|amzn2/i.test(text)) {
      return { family: 'al2', evidence: `its ${field} '${text}'` };
    }
  }
  return {
    unsupported: `cannot tell the OS family of ${id} from its name, description or tags; tag it ${OS_FAMILY_TAG}=al2 or ${OS_FAMILY_TAG}=al2023`,
  };
}

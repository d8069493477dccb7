/**
 * Custom-AMI user data often pins the node label EKS itself sets on nodes of EKS-managed AMIs,
 * `eks.amazonaws.com/nodegroup-image=<ami id>`, in kubelet `--node-labels` (AL2 bootstrap.sh `--kubelet-extra-args`,
 * AL2023 NodeConfig `kubelet.flags`), copied from the user data EKS generates. Kept as it is, every node of the new
 * AMI would say it runs the old one.
 */
export const NODEGROUP_IMAGE_LABEL = 'eks.amazonaws.com/nodegroup-image';

/** The node group's current AMI and the AMI the new launch template version names. */
export interface ImageChange {
  readonly from: string;
  readonly to: string;
}

/**
 * `text` with every `eks.amazonaws.com/nodegroup-image=<from>` set to `<to>`. Only that exact key and value: the
 * pair must stand alone in a label list (after the start, a blank, a quote, `=` of `--node-labels=` or `,`, and
 * before a character that cannot continue an AMI id), so `x.eks.amazonaws.com/nodegroup-image=...`, a label naming
 * another AMI and a longer id that starts with `<from>` stay as written.
 */
export function setImageLabel(text: string, image: ImageChange): string {
  const pair = `${NODEGROUP_IMAGE_LABEL}=${image.from}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return text.replace(new RegExp(`(^|[\\s"'=,])${pair}(?![A-Za-z0-9-])`, 'g'), `$1${NODEGROUP_IMAGE_LABEL}=${image.to}`);
}

"""Runs moto's server for the loopback testbed, with the EKS-optimized AMIs that real AWS publishes.

Usage (scripts/testbed.sh does this):
    PYTHONPATH=.tools/sid/usr/lib/python3/dist-packages /usr/bin/python3 scripts/moto_launcher.py --port PORT

Real AWS publishes the recommended EKS node AMIs as public SSM parameters under the reserved path
/aws/service/eks/optimized-ami/..., each naming an AMI that DescribeImages knows. moto has no such data, and
reserved /aws/ names cannot be written through PutParameter. So, the same way moto itself provides
/aws/service/ecs/optimized-ami, this launcher hooks two loaders before the server starts:

  - every EC2 backend (one per account and region) also registers the public EKS AMIs listed below, owned by the
    EKS AMI account, with a stable id derived from region and name (real ids differ per region too);
  - every SSM parameter store, on the first read under /aws/service/eks, gets the matching parameters:
      <base>/recommended/image_id, <base>/recommended/image_name, <base>/recommended/release_version
    with <base> = /aws/service/eks/optimized-ami/<k8s version>/<flavour>, the flavours being
        amazon-linux-2023/x86_64/standard   amazon-linux-2023/arm64/standard
        amazon-linux-2                      amazon-linux-2-arm64

Both are lazy, so they hold for any account and region and survive moto's /moto-api/reset.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from datetime import datetime

import moto.server
from moto.core.utils import utcnow
from moto.ec2.models.amis import Ami, AmiBackend
from moto.ssm.models import Parameter, ParameterDict

KUBERNETES_VERSIONS = {"1.30": "1.30.6", "1.31": "1.31.2"}  # minor -> patch level of the AMI's kubelet
AMI_DATE = "20241115"
EKS_AMI_OWNER = "602401143452"  # the account that publishes the EKS-optimized AMIs
SSM_PREFIX = "/aws/service/eks/optimized-ami"

# (SSM flavour path, architecture, AMI name pattern, release_version pattern)
FLAVOURS = [
    ("amazon-linux-2023/x86_64/standard", "x86_64", "amazon-eks-node-al2023-x86_64-standard-{minor}-v{date}",
     "{patch}-{date}"),
    ("amazon-linux-2023/arm64/standard", "arm64", "amazon-eks-node-al2023-arm64-standard-{minor}-v{date}",
     "{patch}-{date}"),
    ("amazon-linux-2", "x86_64", "amazon-eks-node-{minor}-v{date}", "{patch}-{date}"),
    ("amazon-linux-2-arm64", "arm64", "amazon-eks-arm64-node-{minor}-v{date}", "{patch}-{date}"),
]


def eks_amis():
    """Yields (ssm base path, architecture, AMI name, release version) for every published AMI."""
    for minor, patch in KUBERNETES_VERSIONS.items():
        for flavour, arch, name, release in FLAVOURS:
            yield (f"{SSM_PREFIX}/{minor}/{flavour}", arch, name.format(minor=minor, date=AMI_DATE),
                   release.format(patch=patch, date=AMI_DATE))


def ami_id(region: str, name: str) -> str:
    return "ami-" + hashlib.sha256(f"{region}/{name}".encode()).hexdigest()[:17]


def install_eks_amis() -> None:
    original = AmiBackend._load_amis

    def load_amis(self) -> None:
        original(self)
        for _, arch, name, release in eks_amis():
            image_id = ami_id(self.region_name, name)
            self.amis[image_id] = Ami(
                self, image_id, name=name, owner_id=EKS_AMI_OWNER, owner_alias="amazon", public=True,
                description=f"EKS-optimized Kubernetes node ({arch}), release {release}",
                architecture=arch, virtualization_type="hvm", hypervisor="xen", root_device_type="ebs",
                root_device_name="/dev/xvda", region_name=f"{self.region_name}a",
                creation_date=datetime.strptime(AMI_DATE, "%Y%m%d"),  # naive UTC, as moto keeps dates
            )

    AmiBackend._load_amis = load_amis


def install_eks_parameters() -> None:
    original = ParameterDict._check_loading_status
    trigger = "/aws/service/eks"

    def check_loading_status(self, key) -> None:
        original(self, key)
        key = str(key or "")
        reads_eks = key.startswith(trigger) or (len(key) > 1 and trigger.startswith(key.rstrip("/")))
        if not reads_eks or getattr(self, "drydock_eks_loaded", False):
            return
        self.drydock_eks_loaded = True
        for base, _, name, release in eks_amis():
            values = {"image_id": ami_id(self.region_name, name), "image_name": name, "release_version": release}
            for leaf, value in values.items():
                param_name = f"{base}/recommended/{leaf}"
                # dict.__getitem__ of the defaultdict base: creates the version list without re-entering this hook
                super(ParameterDict, self).__getitem__(param_name).append(Parameter(
                    account_id=self.account_id, name=param_name, value=value, parameter_type="String",
                    description=None, allowed_pattern=None, keyid=None,
                    last_modified_date=utcnow(), version=1,
                    data_type="aws:ec2:image" if leaf == "image_id" else "text",
                ))

    ParameterDict._check_loading_status = check_loading_status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    install_eks_amis()
    install_eks_parameters()
    moto.server.main(["--host", args.host, "--port", str(args.port)])


if __name__ == "__main__":
    sys.exit(main())

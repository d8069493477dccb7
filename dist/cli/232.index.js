export const id = 232;
export const ids = [232];
export const modules = {

/***/ 19232:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  createRolloutNodegroupsAction: () => (/* binding */ createRolloutNodegroupsAction),
  rolloutNodegroups: () => (/* binding */ rolloutNodegroups)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var dist_cjs = __webpack_require__(35193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-eks/dist-cjs/index.js
var client_eks_dist_cjs = __webpack_require__(24524);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/aws/client-config.js
var client_config = __webpack_require__(72367);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/aws-clients.js



/**
 * SDK clients on the default credential chain. Created once per region and kept for the whole rollout, so the chain's
 * refreshable sources (web identity, container and instance roles, SSO) renew credentials during a two-hour wait.
 * Static credentials from the environment cannot be renewed; when they expire the rollout reports that as such.
 */
const createRegionClients = (region) => {
    const config = (0,client_config/* awsClientConfig */.rw)(region);
    return { eks: (0,client_config/* withCallNames */.D0)(new client_eks_dist_cjs/* EKSClient */.JQJ(config)), ec2: (0,client_config/* withCallNames */.D0)(new dist_cjs/* EC2Client */.gu5(config)) };
};

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/errors.js
var errors = __webpack_require__(27814);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/aws-errors.js

/**
 * AWS failures as the rollout reports them. Expired credentials get their own error: after a long wait they are the
 * likeliest failure, the fix is in the workflow (longer sessions or a refreshable source), and every later call would
 * fail the same way, so the rollout stops starting updates when it sees one.
 */
/** Error names the SDK surfaces for expired session credentials (EKS and EC2 use different ones). */
const EXPIRED_CREDENTIAL_ERRORS = new Set(['ExpiredTokenException', 'ExpiredToken', 'TokenRefreshRequired']);
class ExpiredCredentialsError extends Error {
    name = 'ExpiredCredentialsError';
    constructor(operation, cause) {
        super(`AWS credentials expired during the rollout (${nameAndMessage(cause)}, calling ${operation}). ` +
            'Give the job credentials that outlast the rollout (with aws-actions/configure-aws-credentials, raise ' +
            'role-duration-seconds above the timeout times the number of update rounds), or a source the SDK renews ' +
            'itself (web identity token file, container or instance role).', { cause });
    }
}
function isExpiredCredentials(error) {
    if (error instanceof ExpiredCredentialsError)
        return true;
    return error instanceof Error && EXPIRED_CREDENTIAL_ERRORS.has(error.name);
}
/** `Name: message`, the way AWS names its errors, and the call that failed when drydock's client recorded it. */
function awsErrorText(error) {
    const call = (0,errors/* failedAwsCall */.dI)(error);
    return `${nameAndMessage(error)}${call ? ` (calling ${call})` : ''}`;
}
function nameAndMessage(error) {
    if (!(error instanceof Error))
        return String(error);
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}
/** Runs one AWS call, turning an expired-token failure into ExpiredCredentialsError naming the operation. */
async function callAws(operation, call) {
    try {
        return await call();
    }
    catch (error) {
        if (isExpiredCredentials(error) && !(error instanceof ExpiredCredentialsError))
            throw new ExpiredCredentialsError(operation, error);
        throw error;
    }
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/pool.js
var pool = __webpack_require__(51367);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/glob.js
var glob = __webpack_require__(39063);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/selection.js

/** True when the pattern has a wildcard; a pattern without one is a name, which must then exist. */
function isGlob(pattern) {
    return /[*?]/.test(pattern);
}
/** Matches when no patterns are given, or any pattern matches. */
function matchesAnyPattern(patterns, name) {
    return patterns.length === 0 || patterns.some((pattern) => (0,glob/* globToRegExp */.t)(pattern).test(name));
}
/** Matches when every pair is present with exactly that value. */
function matchesAllPairs(pairs, values) {
    return pairs.every(({ key, value }) => values?.[key] === value);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/discovery.js





/** Read calls run this many at a time per region: enough to be quick, few enough to stay clear of EKS throttling. */
const READ_CONCURRENCY = 8;
async function listAll(fetch) {
    const all = [];
    let token;
    do {
        const page = await fetch(token);
        all.push(...(page.items ?? []));
        token = page.nextToken;
    } while (token);
    return all;
}
/** The clusters of one region that the selection matches, with their node groups described. */
async function discoverRegion(region, eks, selection, signal) {
    const options = signal ? { abortSignal: signal } : {};
    const clusterNames = await listAll(async (nextToken) => {
        const page = await callAws('ListClusters', () => eks.send(new client_eks_dist_cjs/* ListClustersCommand */.Nnn({ nextToken }), options));
        return { items: page.clusters, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    });
    const named = clusterNames.filter((name) => matchesAnyPattern(selection.clusters, name));
    const described = await (0,pool/* mapConcurrent */._)(named, READ_CONCURRENCY, async (name) => {
        const { cluster } = await callAws('DescribeCluster', () => eks.send(new client_eks_dist_cjs/* DescribeClusterCommand */.hV5({ name }), options));
        return cluster ?? { name };
    });
    const matching = described.filter((cluster) => matchesAllPairs(selection.clusterTags, cluster.tags));
    const clusters = await (0,pool/* mapConcurrent */._)(matching, 2, async (cluster) => {
        const clusterName = cluster.name;
        const names = await listAll(async (nextToken) => {
            const page = await callAws('ListNodegroups', () => eks.send(new client_eks_dist_cjs/* ListNodegroupsCommand */.eTy({ clusterName, nextToken }), options));
            return { items: page.nodegroups, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
        });
        const nodegroups = await (0,pool/* mapConcurrent */._)(names, READ_CONCURRENCY, async (nodegroupName) => {
            const { nodegroup } = await callAws('DescribeNodegroup', () => eks.send(new client_eks_dist_cjs/* DescribeNodegroupCommand */.Kmg({ clusterName, nodegroupName }), options));
            return nodegroup ?? { nodegroupName, clusterName };
        });
        const selected = nodegroups.filter((nodegroup) => matchesAnyPattern(selection.nodegroups, nodegroup.nodegroupName ?? '') &&
            matchesAllPairs(selection.nodegroupLabels, nodegroup.labels) &&
            matchesAllPairs(selection.nodegroupTags, nodegroup.tags));
        return { cluster, nodegroups, selected };
    });
    return { region, clusterNames, clusters };
}
/** At most `limit` of the names, the closest to `wanted` first: a region can hold many clusters. */
function closestNames(wanted, names, limit = 8) {
    const unique = [...new Set(names)].sort((a, b) => (0,errors/* editDistance */.YC)(wanted, a) - (0,errors/* editDistance */.YC)(wanted, b) || a.localeCompare(b));
    const shown = unique.slice(0, limit).join(', ');
    return unique.length > limit ? `${shown} (and ${unique.length - limit} more)` : shown;
}
/**
 * A name without wildcards that matches nothing in any region is a mistake, not an empty selection: reported with the
 * names that do exist, so a typo is obvious. So is a selection that matches no node group at all, unless allowed.
 */
function checkSelection(discoveries, selection) {
    const regions = discoveries.map((discovery) => discovery.region).join(', ');
    const allClusters = discoveries.flatMap((discovery) => discovery.clusterNames);
    for (const name of selection.clusters.filter((pattern) => !isGlob(pattern))) {
        if (!allClusters.includes(name)) {
            const known = allClusters.length > 0 ? `; clusters there: ${closestNames(name, allClusters)}` : '; there are no clusters there';
            throw new errors/* ConfigurationError */.j1(`Input 'clusters': '${name}' matches no EKS cluster in ${regions}${known}. Check the name and the regions.`);
        }
    }
    const allNodegroups = discoveries.flatMap((discovery) => discovery.clusters.flatMap((each) => each.nodegroups.map((nodegroup) => nodegroup.nodegroupName ?? '')));
    for (const name of selection.nodegroups.filter((pattern) => !isGlob(pattern))) {
        if (!allNodegroups.includes(name)) {
            throw new errors/* ConfigurationError */.j1(`Input 'nodegroups': '${name}' matches no managed node group of the selected clusters in ${regions}. ` +
                'Check the name, or the cluster selection it depends on.');
        }
    }
    const selectedCount = discoveries.reduce((sum, discovery) => sum + discovery.clusters.reduce((n, each) => n + each.selected.length, 0), 0);
    if (selectedCount === 0 && !selection.allowEmpty) {
        throw new errors/* ConfigurationError */.j1(`The selection matches no managed node group in ${regions}. Check clusters, cluster-tags, nodegroups, ` +
            'nodegroup-labels and nodegroup-tags, or set allow-empty: true if an empty selection is expected.');
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/launch-templates.js


/** Descriptions of versions drydock creates start with this, which is how a re-run recognises them. */
const VERSION_DESCRIPTION_PREFIX = 'drydock';
function toTemplateVersion(version) {
    return {
        templateId: version.LaunchTemplateId ?? '',
        ...(version.LaunchTemplateName ? { templateName: version.LaunchTemplateName } : {}),
        version: version.VersionNumber ?? 0,
        ...(version.VersionDescription ? { description: version.VersionDescription } : {}),
        data: version.LaunchTemplateData ?? {},
    };
}
/** Reads launch template versions once per run: several node groups often share one template version. */
class LaunchTemplateReader {
    ec2;
    signal;
    cache = new Map();
    constructor(ec2, signal) {
        this.ec2 = ec2;
        this.signal = signal;
    }
    /** The version a node group uses (`version` may also be `$Latest` or `$Default`); undefined when it does not exist. */
    read(templateId, version) {
        const key = `${templateId}@${version}`;
        let pending = this.cache.get(key);
        if (!pending) {
            pending = callAws('DescribeLaunchTemplateVersions', () => this.ec2.send(new dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({ LaunchTemplateId: templateId, Versions: [version] }), this.signal ? { abortSignal: this.signal } : {})).then((response) => {
                const found = response.LaunchTemplateVersions?.[0];
                return found ? toTemplateVersion(found) : undefined;
            });
            this.cache.set(key, pending);
        }
        return pending;
    }
}
/** The data a version created from `source` with `change` would hold (EC2 copies the source and applies the change). */
function expectedVersionData(source, change) {
    return { ...source.data, ImageId: change.imageId, ...(change.userData !== undefined ? { UserData: change.userData } : {}) };
}
/** JSON with sorted keys, so two versions' data compare equal regardless of field order. */
function canonical(value) {
    if (Array.isArray(value))
        return `[${value.map(canonical).join(',')}]`;
    if (value && typeof value === 'object') {
        const entries = Object.entries(value)
            .filter(([, each]) => each !== undefined)
            .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
        return `{${entries.map(([key, each]) => `${JSON.stringify(key)}:${canonical(each)}`).join(',')}}`;
    }
    return JSON.stringify(value);
}
/**
 * A version created by an earlier drydock run that already holds exactly what this run would create: after a partial
 * failure the re-run reuses it instead of piling up identical versions.
 */
async function findEquivalentVersion(ec2, source, change, signal) {
    const expected = canonical(expectedVersionData(source, change));
    let nextToken;
    do {
        const page = await callAws('DescribeLaunchTemplateVersions', () => ec2.send(new dist_cjs/* DescribeLaunchTemplateVersionsCommand */.Ptd({
            LaunchTemplateId: source.templateId,
            MinVersion: String(source.version + 1),
            MaxResults: 200,
            ...(nextToken ? { NextToken: nextToken } : {}),
        }), signal ? { abortSignal: signal } : {}));
        for (const candidate of (page.LaunchTemplateVersions ?? []).map(toTemplateVersion)) {
            if (!candidate.description?.startsWith(VERSION_DESCRIPTION_PREFIX))
                continue;
            if (candidate.version > source.version && canonical(candidate.data) === expected)
                return candidate;
        }
        nextToken = page.NextToken;
    } while (nextToken);
    return undefined;
}
/** Creates a version from `source` (EC2 copies every field), changing only the AMI and, when given, the user data. */
async function createVersion(ec2, source, change, description) {
    const response = await callAws('CreateLaunchTemplateVersion', () => ec2.send(new dist_cjs/* CreateLaunchTemplateVersionCommand */.B_$({
        LaunchTemplateId: source.templateId,
        SourceVersion: String(source.version),
        // EC2 limits descriptions to 255 characters.
        VersionDescription: description.slice(0, 255),
        LaunchTemplateData: { ImageId: change.imageId, ...(change.userData !== undefined ? { UserData: change.userData } : {}) },
    })));
    const version = response.LaunchTemplateVersion?.VersionNumber;
    if (version === undefined)
        throw new Error(`CreateLaunchTemplateVersion for ${source.templateId} returned no version number`);
    return version;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/limits.js
/** Runs `work` for each item within the limits; resolves with the items that never started. `work` must not throw. */
async function runWithinLimits(items, options, work) {
    const waiting = [...items];
    const occupiedByKey = new Map();
    let occupied = 0;
    let active = 0;
    return new Promise((resolve) => {
        const nextIndex = () => {
            const remaining = new Map();
            for (const item of waiting)
                remaining.set(options.keyOf(item), (remaining.get(options.keyOf(item)) ?? 0) + 1);
            let best = -1;
            let bestRemaining = -1;
            waiting.forEach((item, index) => {
                const key = options.keyOf(item);
                if ((occupiedByKey.get(key) ?? 0) >= options.capacityOf(key))
                    return;
                const count = remaining.get(key) ?? 0;
                if (count > bestRemaining) {
                    best = index;
                    bestRemaining = count;
                }
            });
            return best;
        };
        const pump = () => {
            while (occupied < options.overall && waiting.length > 0 && options.mayStart()) {
                const index = nextIndex();
                if (index < 0)
                    break;
                const [item] = waiting.splice(index, 1);
                const key = options.keyOf(item);
                occupiedByKey.set(key, (occupiedByKey.get(key) ?? 0) + 1);
                occupied++;
                active++;
                void work(item)
                    .catch(() => 'release')
                    .then((release) => {
                    active--;
                    if (release === 'release') {
                        occupied--;
                        occupiedByKey.set(key, (occupiedByKey.get(key) ?? 0) - 1);
                    }
                    pump();
                });
            }
            if (active === 0)
                resolve(waiting);
        };
        pump();
    });
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/kubernetes-version.js
/**
 * Set on an AMI to state the Kubernetes minor version its kubelet is built for. build-harden-ami tags every AMI it
 * distributes with it (src/imagebuilder/ensure.ts, drydockAmiTags; a test in test/nodegroups keeps the two names equal).
 */
const KUBERNETES_VERSION_TAG = 'drydock:kubernetes-version';
const MAJOR_MINOR = /^(\d+)\.(\d+)(?:\.\d+)?$/;
/**
 * EKS-optimized AMI names: amazon-eks-node-1.31-v20241115, amazon-eks-arm64-node-1.31-v..., amazon-eks-gpu-node-1.31-v...,
 * amazon-eks-node-al2023-x86_64-standard-1.31-v..., amazon-eks-node-al2023-arm64-nvidia-1.31-v...
 */
const EKS_OPTIMIZED_NAME = /^amazon-eks-(?:[a-z0-9]+-)?node-(?:al2023-[a-z0-9_]+-[a-z0-9]+-)?(\d+\.\d+)-v\d+/;
/**
 * Reads the Kubernetes version an AMI is for. With a custom AMI in a launch template EKS does not check it, so a
 * mismatch would surface only as nodes that fail to join or misbehave. Evidence: the `drydock:kubernetes-version`
 * tag, then the EKS-optimized AMI naming scheme; a name that merely contains a version number is not evidence.
 */
function detectKubernetesVersion(image) {
    const tag = image.Tags?.find((each) => each.Key === KUBERNETES_VERSION_TAG)?.Value?.trim();
    if (tag !== undefined) {
        const match = MAJOR_MINOR.exec(tag);
        if (!match)
            return { unknown: `its ${KUBERNETES_VERSION_TAG} tag is '${tag}', not a version such as 1.31` };
        return { version: `${match[1]}.${match[2]}`, evidence: `tag ${KUBERNETES_VERSION_TAG}=${tag}` };
    }
    const named = image.Name ? EKS_OPTIMIZED_NAME.exec(image.Name) : null;
    if (named)
        return { version: named[1], evidence: `its name '${image.Name}'` };
    return { unknown: `it has no ${KUBERNETES_VERSION_TAG} tag and its name is not an EKS-optimized AMI name, which would say` };
}
function parseMinor(version) {
    const match = version === undefined ? null : MAJOR_MINOR.exec(version.trim());
    return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined;
}
/**
 * Why nodes from this AMI must not join this cluster, by the Kubernetes version-skew policy: kubelet must not be newer
 * than the API server, and may be at most three minor versions older (two for API servers before 1.28). Undefined when
 * they fit, or when the cluster's version cannot be read (then there is nothing to check against).
 */
function kubeletSkewProblem(image, cluster) {
    const kubelet = parseMinor(image.version);
    const server = parseMinor(cluster.version);
    if (!kubelet || !server)
        return undefined;
    const of = `AMI ${image.ami} is for Kubernetes ${image.version}`;
    const target = `cluster ${cluster.name} (${cluster.version})`;
    if (kubelet.major > server.major || (kubelet.major === server.major && kubelet.minor > server.minor)) {
        return (`${of}, newer than ${target}: kubelet must not be newer than the API server; ` +
            `upgrade the cluster first or roll an AMI built for ${cluster.version}`);
    }
    const allowed = server.major === 1 && server.minor < 28 ? 2 : 3;
    const behind = kubelet.major === server.major ? server.minor - kubelet.minor : Number.POSITIVE_INFINITY;
    if (behind <= allowed)
        return undefined;
    const distance = Number.isFinite(behind) ? `${behind} minor versions older than` : 'a major version older than';
    return (`${of}, ${distance} ${target}: kubelet may be at most ${allowed} minor versions older than the API server; ` +
        `roll an AMI built for ${cluster.version}`);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/os-family.js
const OS_FAMILY_NAMES = { al2: 'Amazon Linux 2', al2023: 'Amazon Linux 2023' };
/** Set on an AMI (by build-harden-ami, or by hand) to state its family when its name and description do not. */
const OS_FAMILY_TAG = 'drydock:os-family';
/**
 * Reads the OS family from the AMI itself (the public sample took it from a stack parameter, so a mismatched parameter
 * wrote AL2 user data onto AL2023 nodes). Evidence, strongest first: an explicit `drydock:os-family` tag, the platform
 * (Windows), then the name and description, which for EKS-optimized AMIs and Image Builder images derived from them
 * name the distribution (amazon-eks-node-al2023-..., amazon-eks-node-1.31-..., "Amazon Linux 2023").
 */
function detectOsFamily(image) {
    const id = image.ImageId ?? 'the AMI';
    const tag = image.Tags?.find((each) => each.Key === OS_FAMILY_TAG)?.Value?.trim().toLowerCase();
    if (tag === 'al2' || tag === 'al2023')
        return { family: tag, evidence: `tag ${OS_FAMILY_TAG}=${tag}` };
    if (tag !== undefined) {
        return { unsupported: `${id} is tagged ${OS_FAMILY_TAG}=${tag}; drydock writes user data only for al2 and al2023` };
    }
    if (image.Platform?.toLowerCase() === 'windows' || /windows/i.test(image.PlatformDetails ?? '')) {
        return { unsupported: `${id} is a Windows AMI; drydock writes user data only for Amazon Linux 2 and 2023` };
    }
    const texts = [
        ['name', image.Name],
        ['description', image.Description],
    ];
    for (const [field, text] of texts) {
        if (!text)
            continue;
        if (/bottlerocket/i.test(text))
            return { unsupported: `${id} is Bottlerocket (its ${field} says so), which takes TOML settings, not bootstrap user data` };
        if (/ubuntu|rhel|red hat|windows/i.test(text))
            return { unsupported: `${id} is not Amazon Linux (its ${field} is '${text}')` };
        if (/al2023|amazon[ -]linux[ -]2023|\bal-?2023\b/i.test(text))
            return { family: 'al2023', evidence: `its ${field} '${text}'` };
        if (/amazon-eks(-arm64|-gpu)?-node-\d|amazon[ -]linux[ -]2\b|\bal2\b|amzn2/i.test(text)) {
            return { family: 'al2', evidence: `its ${field} '${text}'` };
        }
    }
    return {
        unsupported: `cannot tell the OS family of ${id} from its name, description or tags; tag it ${OS_FAMILY_TAG}=al2 or ${OS_FAMILY_TAG}=al2023`,
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/cluster-identity.js
/** The identity of an ACTIVE cluster, or why it cannot be had. */
function clusterIdentityOf(cluster) {
    const name = cluster.name ?? '';
    const endpoint = cluster.endpoint;
    const certificateAuthority = cluster.certificateAuthority?.data;
    if (!endpoint || !certificateAuthority) {
        return { problem: `cluster ${name} reports no API endpoint or certificate authority yet` };
    }
    const network = cluster.kubernetesNetworkConfig;
    const ipFamily = network?.ipFamily === 'ipv6' ? 'ipv6' : 'ipv4';
    const serviceCidr = ipFamily === 'ipv6' ? network?.serviceIpv6Cidr : network?.serviceIpv4Cidr;
    if (!serviceCidr) {
        return { problem: `cluster ${name} is ${ipFamily} but reports no service ${ipFamily} CIDR` };
    }
    return { name, endpoint, certificateAuthority, ipFamily, serviceCidr };
}
/**
 * The cluster DNS address a node uses, derived from the service CIDR exactly as the EKS AMIs derive it: the tenth
 * address of an IPv4 service range (10.100.0.0/16 -> 10.100.0.10), and the prefix followed by `a` for IPv6
 * (fd00:10:96::/112 -> fd00:10:96::a).
 */
function clusterDnsAddress(identity) {
    const [address = ''] = identity.serviceCidr.split('/');
    if (identity.ipFamily === 'ipv6')
        return `${address}a`;
    const octets = address.split('.').map(Number);
    const value = (((octets[0] ?? 0) << 24) | ((octets[1] ?? 0) << 16) | ((octets[2] ?? 0) << 8) | (octets[3] ?? 0)) >>> 0;
    const dns = value + 10;
    return [dns >>> 24, (dns >>> 16) & 255, (dns >>> 8) & 255, dns & 255].join('.');
}
/**
 * Whether an explicit DNS address the user gave (bootstrap.sh --dns-cluster-ip, NodeConfig clusterDNS) still fits the
 * cluster: it must be of the cluster's IP family. An expansion ($DNS_IP) cannot be judged and is taken as fitting.
 */
function dnsAddressFits(address, ipFamily) {
    if (address.includes('$'))
        return true;
    const first = address.split(',')[0].trim();
    return first.includes(':') === (ipFamily === 'ipv6');
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/diff.js
/**
 * A unified diff of two texts, line by line, for showing in a dry run what a new launch template version changes in
 * the user data. Longest-common-subsequence on lines: user data is small (a few hundred lines at most), so the quadratic
 * table is cheap and the output is the minimal diff.
 */
/** Lines with their line breaks removed; a final line break does not make an empty last line. */
function splitLines(text) {
    if (text === '')
        return [];
    const lines = text.split(/\r?\n/);
    if (lines.at(-1) === '')
        lines.pop();
    return lines;
}
const TABLE_LIMIT = 4_000_000;
function diffLines(a, b) {
    if (a.length * b.length > TABLE_LIMIT) {
        return [...a.map((line) => ({ kind: '-', line })), ...b.map((line) => ({ kind: '+', line }))];
    }
    // lengths[i][j] = LCS length of a[i..] and b[j..]
    const width = b.length + 1;
    const lengths = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
        for (let j = b.length - 1; j >= 0; j--) {
            lengths[i * width + j] =
                a[i] === b[j] ? lengths[(i + 1) * width + j + 1] + 1 : Math.max(lengths[(i + 1) * width + j], lengths[i * width + j + 1]);
        }
    }
    const ops = [];
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
        if (i < a.length && j < b.length && a[i] === b[j]) {
            ops.push({ kind: ' ', line: a[i] });
            i++;
            j++;
        }
        else if (i < a.length && (j >= b.length || lengths[(i + 1) * width + j] >= lengths[i * width + j + 1])) {
            // Removals before additions, as diff(1) prints them.
            ops.push({ kind: '-', line: a[i] });
            i++;
        }
        else {
            ops.push({ kind: '+', line: b[j] });
            j++;
        }
    }
    return ops;
}
/** `---`/`+++` headers and `@@` hunks with `context` unchanged lines around each change; '' when the texts are equal. */
function unifiedDiff(before, after, labels, context = 3) {
    const ops = diffLines(splitLines(before), splitLines(after));
    const changed = ops.map((op, index) => (op.kind === ' ' ? -1 : index)).filter((index) => index >= 0);
    if (changed.length === 0)
        return '';
    // Group changes whose context windows touch into hunks.
    const hunks = [];
    for (const index of changed) {
        const start = Math.max(0, index - context);
        const end = Math.min(ops.length, index + context + 1);
        const last = hunks.at(-1);
        if (last && start <= last[1])
            last[1] = end;
        else
            hunks.push([start, end]);
    }
    const out = [`--- ${labels.before}`, `+++ ${labels.after}`];
    for (const [start, end] of hunks) {
        let oldLine = 1;
        let newLine = 1;
        for (const op of ops.slice(0, start)) {
            if (op.kind !== '+')
                oldLine++;
            if (op.kind !== '-')
                newLine++;
        }
        const slice = ops.slice(start, end);
        const oldCount = slice.filter((op) => op.kind !== '+').length;
        const newCount = slice.filter((op) => op.kind !== '-').length;
        out.push(`@@ -${oldCount === 0 ? oldLine - 1 : oldLine},${oldCount} +${newCount === 0 ? newLine - 1 : newLine},${newCount} @@`);
        for (const op of slice)
            out.push(`${op.kind}${op.line}`);
    }
    return out.join('\n') + '\n';
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/images.js


/** Image ids per DescribeImages call (EC2 caps the values of one filter at 200). */
const IDS_PER_CALL = 100;
/**
 * The images of `ids` that this account can describe, by id, in as few calls as possible. An image-id filter rather
 * than ImageIds: ImageIds fails the whole call when one AMI is gone (InvalidAMIID.NotFound), while the filter leaves
 * a deregistered AMI out of the answer and the caller decides what its absence means.
 */
async function describeExistingImages(ec2, ids, signal) {
    const unique = [...new Set(ids)];
    const found = new Map();
    for (let start = 0; start < unique.length; start += IDS_PER_CALL) {
        const chunk = unique.slice(start, start + IDS_PER_CALL);
        const response = await callAws('DescribeImages', () => ec2.send(new dist_cjs/* DescribeImagesCommand */.ji5({ Filters: [{ Name: 'image-id', Values: chunk }] }), signal ? { abortSignal: signal } : {}));
        for (const image of response.Images ?? [])
            if (image.ImageId)
                found.set(image.ImageId, image);
    }
    return found;
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/userdata/image-label.js
/**
 * Custom-AMI user data often pins the node label EKS itself sets on nodes of EKS-managed AMIs,
 * `eks.amazonaws.com/nodegroup-image=<ami id>`, in kubelet `--node-labels` (AL2 bootstrap.sh `--kubelet-extra-args`,
 * AL2023 NodeConfig `kubelet.flags`), copied from the user data EKS generates. Kept as it is, every node of the new
 * AMI would say it runs the old one.
 */
const NODEGROUP_IMAGE_LABEL = 'eks.amazonaws.com/nodegroup-image';
/**
 * `text` with every `eks.amazonaws.com/nodegroup-image=<from>` set to `<to>`. Only that exact key and value: the
 * pair must stand alone in a label list (after the start, a blank, a quote, `=` of `--node-labels=` or `,`, and
 * before a character that cannot continue an AMI id), so `x.eks.amazonaws.com/nodegroup-image=...`, a label naming
 * another AMI and a longer id that starts with `<from>` stay as written.
 */
function setImageLabel(text, image) {
    const pair = `${NODEGROUP_IMAGE_LABEL}=${image.from}`.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    return text.replace(new RegExp(`(^|[\\s"'=,])${pair}(?![A-Za-z0-9-])`, 'g'), `$1${NODEGROUP_IMAGE_LABEL}=${image.to}`);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/userdata/mime.js
/**
 * MIME multipart user data, parsed so that it can be written back byte for byte. cloud-init and nodeadm both read
 * `multipart/mixed` user data; a node group's launch template often carries parts that drydock knows nothing about
 * (cloud-config, pre-bootstrap scripts, part handlers). Every part keeps its raw text; only a part that drydock edits
 * is re-encoded, and new parts are inserted before the closing delimiter.
 */
/** Header fields of a raw header block, unfolding continuation lines. */
function parseHeaderFields(block) {
    const fields = [];
    for (const line of block.split(/\r?\n/)) {
        if (line === '')
            continue;
        const last = fields.at(-1);
        if (/^[ \t]/.test(line) && last) {
            last.value += ` ${line.trim()}`;
            continue;
        }
        const colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        fields.push({ name: line.slice(0, colon).trim().toLowerCase(), value: line.slice(colon + 1).trim() });
    }
    return fields;
}
function headerValue(fields, name) {
    return fields.find((field) => field.name === name)?.value;
}
/** `multipart/mixed; boundary="x"` -> the media type and the boundary parameter. */
function parseContentType(value) {
    if (value === undefined)
        return { type: 'text/plain' };
    const [type = '', ...parameters] = value.split(';');
    let boundary;
    for (const parameter of parameters) {
        const match = /^\s*boundary\s*=\s*(?:"([^"]*)"|([^\s;]+))\s*$/i.exec(parameter);
        if (match)
            boundary = match[1] ?? match[2];
    }
    return { type: type.trim().toLowerCase(), ...(boundary !== undefined ? { boundary } : {}) };
}
/** Splits `text` at the first blank line: [header block with the blank line, rest]. */
function splitHeaderBlock(text) {
    const match = /\r?\n\r?\n/.exec(text);
    if (!match)
        return undefined;
    const end = match.index + match[0].length;
    return [text.slice(0, end), text.slice(end)];
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** Parses multipart user data; undefined when the text is not a MIME multipart document. */
function parseMultipart(text) {
    if (!/^(MIME-Version|Content-Type)\s*:/i.test(text))
        return undefined;
    const split = splitHeaderBlock(text);
    if (!split)
        return undefined;
    const [head, body] = split;
    const { type, boundary } = parseContentType(headerValue(parseHeaderFields(head), 'content-type'));
    if (!type.startsWith('multipart/') || !boundary)
        return undefined;
    const newline = head.includes('\r\n') ? '\r\n' : '\n';
    // Delimiter lines start a line and may carry trailing white space (RFC 2046 section 5.1.1).
    const delimiter = new RegExp(`^--${escapeRegExp(boundary)}(--)?[ \\t]*(?:\\r?\\n|$)`, 'gm');
    const found = [];
    for (let match = delimiter.exec(body); match; match = delimiter.exec(body)) {
        found.push({ index: match.index, end: match.index + match[0].length, closes: match[1] !== undefined });
        if (match[1] !== undefined)
            break;
    }
    const first = found[0];
    if (!first || first.closes)
        return { head, boundary, preamble: body, parts: [], closing: '', newline };
    const parts = [];
    let closing = '';
    for (let i = 0; i < found.length; i++) {
        const current = found[i];
        if (current.closes) {
            closing = body.slice(current.index);
            break;
        }
        const next = found[i + 1];
        const raw = body.slice(current.end, next ? next.index : body.length);
        parts.push(parsePart(body.slice(current.index, current.end), raw));
    }
    return { head, boundary, preamble: body.slice(0, first.index), parts, closing, newline };
}
function parsePart(delimiter, raw) {
    // A part that starts with a blank line has no headers and is text/plain (RFC 2046 section 5.1.1).
    const split = /^\r?\n/.test(raw) ? undefined : splitHeaderBlock(raw);
    const headerBlock = split ? split[0] : '';
    const rawBody = split ? split[1] : raw.replace(/^\r?\n/, '');
    const prefix = split ? '' : raw.slice(0, raw.length - rawBody.length);
    const fields = parseHeaderFields(headerBlock);
    const encoding = headerValue(fields, 'content-transfer-encoding')?.toLowerCase();
    return {
        delimiter,
        headerBlock: headerBlock + prefix,
        rawBody,
        contentType: parseContentType(headerValue(fields, 'content-type')).type,
        ...(encoding !== undefined ? { transferEncoding: encoding } : {}),
    };
}
function serializeMultipart(document) {
    return (document.head +
        document.preamble +
        document.parts.map((part) => part.delimiter + part.headerBlock + part.rawBody).join('') +
        document.closing);
}
/** The body as text, undoing base64 transfer encoding; undefined for encodings drydock does not edit. */
function decodePartBody(part) {
    switch (part.transferEncoding) {
        case undefined:
        case '7bit':
        case '8bit':
        case 'binary':
            return part.rawBody;
        case 'base64':
            return Buffer.from(part.rawBody.replace(/\s+/g, ''), 'base64').toString('utf8');
        default:
            return undefined;
    }
}
/**
 * User data as a person reads it, for diffs: the base64 parts of a multipart document decoded in place. Re-encoding a
 * base64 part after an edit changes every 76-column line from the edit on, so a diff of the encoded text would show
 * (encoded, but readable by anyone) the lines around the edit; decoded, only the changed lines differ.
 */
function readableUserData(text) {
    const document = parseMultipart(text);
    if (!document)
        return text;
    const parts = document.parts.map((part) => {
        if (part.transferEncoding !== 'base64')
            return part;
        const body = decodePartBody(part);
        return { ...part, rawBody: body.endsWith('\n') ? body : body + document.newline };
    });
    return serializeMultipart({ ...document, parts });
}
/** A copy of `part` with a new body, encoded the way the part was (base64 stays base64, in 76-column lines). */
function withPartBody(part, text, newline) {
    if (part.transferEncoding !== 'base64')
        return { ...part, rawBody: text };
    const encoded = Buffer.from(text, 'utf8').toString('base64');
    const lines = encoded.match(/.{1,76}/g) ?? [];
    return { ...part, rawBody: lines.join(newline) + newline };
}
/** A new part with a Content-Type header and a body ending in a line break. */
function newPart(boundary, contentType, body, newline) {
    const text = body.endsWith('\n') ? body : body + newline;
    return {
        delimiter: `--${boundary}${newline}`,
        headerBlock: `Content-Type: ${contentType}${newline}${newline}`,
        rawBody: newline === '\r\n' ? text.replace(/\r?\n/g, '\r\n') : text,
        contentType: contentType.split(';')[0].trim().toLowerCase(),
    };
}
/** Appends parts before the closing delimiter, keeping every existing byte. */
function appendParts(document, added) {
    const parts = [...document.parts];
    const last = parts.at(-1);
    // The line break before a delimiter belongs to the delimiter; make sure one is there before the new part's.
    if (last && !last.rawBody.endsWith('\n'))
        parts[parts.length - 1] = { ...last, rawBody: last.rawBody + document.newline };
    const preamble = parts.length === 0 && document.preamble !== '' && !document.preamble.endsWith('\n')
        ? document.preamble + document.newline
        : document.preamble;
    const closing = document.closing === '' ? `--${document.boundary}--${document.newline}` : document.closing;
    return { ...document, preamble, parts: [...parts, ...added], closing };
}
/** A boundary that occurs nowhere in the given texts. */
function freshBoundary(texts) {
    for (let n = 0;; n++) {
        const boundary = n === 0 ? '==DRYDOCK==' : `==DRYDOCK-${n}==`;
        if (!texts.some((text) => text.includes(boundary)))
            return boundary;
    }
}
/** A new multipart document holding the given parts. */
function buildMultipart(parts, newline = '\n') {
    const boundary = freshBoundary(parts.map((part) => part.body));
    const document = {
        head: `MIME-Version: 1.0${newline}Content-Type: multipart/mixed; boundary="${boundary}"${newline}${newline}`,
        boundary,
        preamble: '',
        parts: parts.map((part) => newPart(boundary, part.contentType, part.body, newline)),
        closing: `--${boundary}--${newline}`,
        newline,
    };
    return serializeMultipart(document);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/userdata/shell-words.js
const COMMAND_END = new Set(['\n', '\r', ';', '&', '|', ')']);
/** Index just past the `)` or `}` that closes the opener at `from` (which points at `(` or `{`). */
function skipBalanced(script, from) {
    const open = script[from];
    const close = open === '(' ? ')' : '}';
    let depth = 0;
    for (let i = from; i < script.length; i++) {
        const char = script[i];
        if (char === '\\')
            i++;
        else if (char === "'" && open === '(')
            i = script.indexOf("'", i + 1) < 0 ? script.length : script.indexOf("'", i + 1);
        else if (char === open)
            depth++;
        else if (char === close && --depth === 0)
            return i + 1;
    }
    return script.length;
}
/** Words of the command that continues at `from`, up to the end of that command. */
function readCommandWords(script, from) {
    const words = [];
    let i = from;
    for (;;) {
        // Blanks and line continuations between words.
        while (i < script.length) {
            if (script[i] === ' ' || script[i] === '\t')
                i++;
            else if (script.startsWith('\\\n', i))
                i += 2;
            else if (script.startsWith('\\\r\n', i))
                i += 3;
            else
                break;
        }
        if (i >= script.length || COMMAND_END.has(script[i]) || script[i] === '#')
            return words;
        const start = i;
        let value = '';
        let quotedParts = 0;
        let unquotedText = '';
        let quoteChar = '';
        while (i < script.length) {
            const char = script[i];
            if (char === ' ' || char === '\t' || COMMAND_END.has(char))
                break;
            if (char === "'") {
                const close = script.indexOf("'", i + 1);
                const end = close < 0 ? script.length : close;
                value += script.slice(i + 1, end);
                quotedParts++;
                quoteChar = "'";
                i = end + 1;
            }
            else if (char === '"') {
                let j = i + 1;
                while (j < script.length && script[j] !== '"') {
                    if (script[j] === '\\' && j + 1 < script.length && '"\\$`\n'.includes(script[j + 1])) {
                        if (script[j + 1] !== '\n')
                            value += script[j + 1];
                        j += 2;
                    }
                    else if (script.startsWith('$(', j) || script.startsWith('${', j)) {
                        const end = skipBalanced(script, j + 1);
                        value += script.slice(j, end);
                        j = end;
                    }
                    else
                        value += script[j++];
                }
                quotedParts++;
                quoteChar = '"';
                i = j + 1;
            }
            else if (char === '\\') {
                if (script[i + 1] === '\n' || script.startsWith('\r\n', i + 1))
                    break;
                value += script[i + 1] ?? '';
                unquotedText += script[i + 1] ?? '';
                i += 2;
            }
            else if (script.startsWith('$(', i) || script.startsWith('${', i)) {
                const end = skipBalanced(script, i + 1);
                value += script.slice(i, end);
                unquotedText += script.slice(i, end);
                i = end;
            }
            else if (char === '`') {
                const close = script.indexOf('`', i + 1);
                const end = close < 0 ? script.length : close + 1;
                value += script.slice(i, end);
                unquotedText += script.slice(i, end);
                i = end;
            }
            else {
                value += char;
                unquotedText += char;
                i++;
            }
        }
        const wholeQuoted = quotedParts === 1 && unquotedText === '' ? quoteChar : '';
        words.push({
            start,
            end: i,
            value,
            quote: wholeQuoted,
            bareExpansion: quotedParts === 0 && /^\$(?:\{[^}]*\}|[A-Za-z_][A-Za-z0-9_]*)$/.test(unquotedText),
        });
    }
}
const PLAIN_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
/** `value` as one shell word, quoted the way `like` was when given (so edits keep the author's style). */
function shellQuote(value, like = '') {
    if (like === '"')
        return `"${value.replace(/["\\$`]/g, '\\$&')}"`;
    if (like === '' && PLAIN_SAFE.test(value))
        return value;
    return `'${value.replace(/'/g, `'\\''`)}'`;
}
/** Applies non-overlapping edits; edits at the same offset keep their given order. */
function applyEdits(text, edits) {
    const ordered = edits.map((edit, order) => ({ edit, order })).sort((a, b) => a.edit.start - b.edit.start || a.order - b.order);
    let result = '';
    let position = 0;
    for (const { edit } of ordered) {
        result += text.slice(position, edit.start) + edit.text;
        position = Math.max(position, edit.end);
    }
    return result + text.slice(position);
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/userdata/al2-bootstrap.js


/**
 * Amazon Linux 2 nodes join their cluster by running /etc/eks/bootstrap.sh from user data. Its arguments: the cluster
 * name (positional, anywhere) and `--option value` pairs; every option takes a value except -h/--help. These helpers
 * find that invocation, set the cluster-identity arguments to the node group's own cluster while leaving every other
 * argument and every other line alone, and write a fresh invocation when there is none.
 */
const BOOTSTRAP = '/etc/eks/bootstrap.sh';
/**
 * What may stand between the start of a command and the command itself: keywords that begin one (`then`, `do`, ...),
 * wrappers that run the next word (`sudo`, `exec`, `bash`, ...) and their options, and variable assignments.
 */
const LEADING_WORD = /^(?:then|do|else|if|while|until|!|\{|exec|sudo|nohup|time|command|env|bash|sh|-\S*|[A-Za-z_][A-Za-z0-9_]*=\S*)$/;
/**
 * Whether the path that follows `line` (its line up to the path) is the command run there, not an argument of another
 * command (`sed -i ... /etc/eks/bootstrap.sh`, `[ -x /etc/eks/bootstrap.sh ]`, `echo "calling /etc/eks/bootstrap.sh"`):
 * the command starts after the line's last separator, and only leading words may come between.
 */
function inCommandPosition(line) {
    const commandStart = Math.max(...[';', '&', '|', '(', '`'].map((separator) => line.lastIndexOf(separator))) + 1;
    const words = line.slice(commandStart).replace(/["']$/, '').trim();
    return words === '' || words.split(/\s+/).every((word) => LEADING_WORD.test(word));
}
/** Every invocation of bootstrap.sh in a script that is not commented out. */
function findBootstrapInvocations(script) {
    const found = [];
    for (let index = script.indexOf(BOOTSTRAP); index >= 0; index = script.indexOf(BOOTSTRAP, index + 1)) {
        const before = script[index - 1];
        const after = script[index + BOOTSTRAP.length];
        if (before !== undefined && !/[\s;&|(`"']/.test(before))
            continue;
        if (after !== undefined && !/[\s;&|)`"']/.test(after))
            continue;
        const line = script.slice(script.lastIndexOf('\n', index - 1) + 1, index);
        if (line.trimStart().startsWith('#') || !inCommandPosition(line))
            continue;
        const commandEnd = index + BOOTSTRAP.length + (after === '"' || after === "'" ? 1 : 0);
        found.push({ commandEnd, words: readCommandWords(script, commandEnd) });
    }
    return found;
}
function hasBootstrapInvocation(script) {
    return findBootstrapInvocations(script).length > 0;
}
function parseArguments(words) {
    const positional = [];
    const options = new Map();
    for (let i = 0; i < words.length; i++) {
        const word = words[i];
        if (word.value.startsWith('-') && word.value !== '-') {
            if (word.value === '-h' || word.value === '--help' || word.value.includes('='))
                continue;
            const value = words[i + 1];
            options.set(word.value, value ? { flag: word, value } : { flag: word });
            i++;
        }
        else if (!word.bareExpansion || /cluster/i.test(word.value)) {
            // A bare $EXTRA_ARGS may expand to several options; only an expansion that names the cluster is taken as the name.
            positional.push(word);
        }
    }
    return { positional, options };
}
/**
 * The script with its bootstrap.sh invocations aimed at `cluster`: the cluster name, --apiserver-endpoint and
 * --b64-cluster-ca are always set; the service network follows the cluster's IP family (IPv4: --dns-cluster-ip, and an
 * --ip-family ipv4 if one is given; IPv6: --ip-family ipv6 and --service-ipv6-cidr). An explicit --dns-cluster-ip is
 * the user's choice (NodeLocal DNSCache, for one) and is kept when the invocation already named this cluster and the
 * address is of the cluster's IP family; otherwise it is derived from the service CIDR.
 */
function retargetBootstrap(script, cluster) {
    const edits = [];
    for (const invocation of findBootstrapInvocations(script))
        edits.push(...retargetInvocation(invocation, cluster));
    return applyEdits(script, edits);
}
function retargetInvocation(invocation, cluster) {
    const { positional, options } = parseArguments(invocation.words);
    const edits = [];
    const appended = [];
    const insertAt = invocation.words.at(-1)?.end ?? invocation.commandEnd;
    const replace = (word, value) => {
        if (word.value !== value)
            edits.push({ start: word.start, end: word.end, text: shellQuote(value, word.quote) });
    };
    const setOption = (name, value) => {
        const option = options.get(name);
        if (option?.value)
            replace(option.value, value);
        else if (option)
            edits.push({ start: option.flag.end, end: option.flag.end, text: ` ${shellQuote(value)}` });
        else
            appended.push(`${name} ${shellQuote(value)}`);
    };
    const removeOption = (name) => {
        const option = options.get(name);
        if (!option)
            return;
        // From the end of the previous word, so the blank (or line continuation) before the option goes with it.
        const index = invocation.words.indexOf(option.flag);
        const start = index > 0 ? invocation.words[index - 1].end : invocation.commandEnd;
        edits.push({ start, end: (option.value ?? option.flag).end, text: '' });
    };
    const nameWord = positional[0];
    const sameCluster = nameWord?.value === cluster.name;
    if (nameWord)
        replace(nameWord, cluster.name);
    setOption('--apiserver-endpoint', cluster.endpoint);
    setOption('--b64-cluster-ca', cluster.certificateAuthority);
    const dns = clusterDnsAddress(cluster);
    const givenDns = options.get('--dns-cluster-ip')?.value?.value;
    const keepGivenDns = givenDns !== undefined && sameCluster && dnsAddressFits(givenDns, cluster.ipFamily);
    if (cluster.ipFamily === 'ipv6') {
        setOption('--ip-family', 'ipv6');
        setOption('--service-ipv6-cidr', cluster.serviceCidr);
        // Without --dns-cluster-ip, bootstrap.sh derives the address from --service-ipv6-cidr itself.
        if (givenDns !== undefined && !keepGivenDns)
            setOption('--dns-cluster-ip', dns);
    }
    else {
        if (options.has('--ip-family'))
            setOption('--ip-family', 'ipv4');
        removeOption('--service-ipv6-cidr');
        if (!keepGivenDns)
            setOption('--dns-cluster-ip', dns);
    }
    if (!nameWord)
        appended.push(shellQuote(cluster.name));
    if (appended.length > 0)
        edits.push({ start: insertAt, end: insertAt, text: appended.map((text) => ` ${text}`).join('') });
    return edits;
}
/** A shell script that bootstraps an AL2 node into `cluster` without calling DescribeCluster at boot. */
function bootstrapScript(cluster) {
    const network = cluster.ipFamily === 'ipv6'
        ? [`--ip-family ipv6`, `--service-ipv6-cidr ${shellQuote(cluster.serviceCidr)}`]
        : [`--dns-cluster-ip ${clusterDnsAddress(cluster)}`];
    const lines = [
        `${BOOTSTRAP} ${shellQuote(cluster.name)}`,
        `--apiserver-endpoint ${shellQuote(cluster.endpoint)}`,
        `--b64-cluster-ca ${shellQuote(cluster.certificateAuthority)}`,
        ...network,
    ];
    return ['#!/bin/bash', 'set -o errexit -o nounset -o pipefail', lines.join(' \\\n  '), ''].join('\n');
}

// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(38815);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/userdata/al2023-nodeconfig.js



/**
 * Amazon Linux 2023 nodes are configured by nodeadm from `node.eks.aws` NodeConfig documents in user data (YAML, on
 * their own or as `application/node.eks.aws` MIME parts; nodeadm merges all of them in order). Edits here are splices
 * at the YAML nodes' source offsets, so comments, key order, quoting and every field drydock does not own stay exactly
 * as written; only a document in flow or JSON style, where splicing is not safe, is re-serialized.
 */
const API_GROUP = 'node.eks.aws/';
const NODECONFIG_MEDIA_TYPE = 'application/node.eks.aws';
function isNodeConfig(document) {
    const apiVersion = document.get('apiVersion');
    return document.get('kind') === 'NodeConfig' && typeof apiVersion === 'string' && apiVersion.startsWith(API_GROUP);
}
/** True when the text is YAML holding at least one NodeConfig. */
function containsNodeConfig(text) {
    try {
        return (0,dist/* parseAllDocuments */.hR)(text).some((document) => document.errors.length === 0 && isNodeConfig(document));
    }
    catch {
        return false;
    }
}
function formatScalar(value, like) {
    if (like === 'QUOTE_SINGLE')
        return `'${value.replace(/'/g, "''")}'`;
    if (like === 'QUOTE_DOUBLE')
        return JSON.stringify(value);
    const plain = /^[A-Za-z0-9._/+=-][A-Za-z0-9._/:+=-]*$/.test(value) && !value.endsWith(':') && (0,dist/* parse */.qg)(value) === value;
    return plain ? value : JSON.stringify(value);
}
const CLUSTER_FIELDS = (cluster) => [
    ['name', cluster.name],
    ['apiServerEndpoint', cluster.endpoint],
    ['certificateAuthority', cluster.certificateAuthority],
    ['cidr', cluster.serviceCidr],
];
function isBlock(node) {
    return node !== null && node !== undefined && !((0,dist/* isMap */.jh)(node) || (0,dist/* isSeq */.oP)(node) ? node.flow : false) && node.range !== undefined;
}
function pairOf(map, key) {
    return map.items.find((pair) => (0,dist/* isScalar */.jn)(pair.key) && pair.key.value === key);
}
/** Offset where a line added after the map's last entry goes (the start of the line after it). */
function endOfBlockMap(source, map) {
    const last = map.items.at(-1);
    const lastNode = (last.value ?? last.key);
    const end = lastNode.range[1];
    if (source[end - 1] === '\n')
        return end;
    const newline = source.indexOf('\n', end);
    return newline < 0 ? source.length : newline + 1;
}
function keyIndent(source, map) {
    const first = map.items[0].key;
    const start = first.range[0];
    return source.slice(source.lastIndexOf('\n', start - 1) + 1, start);
}
class SpliceUnsafe extends Error {
}
/** Edits that set `entries` in a block map: existing scalars replaced in place, missing keys added at its end. */
function setInBlockMap(source, map, entries, newline) {
    if (!isBlock(map) || map.items.length === 0)
        throw new SpliceUnsafe();
    const edits = [];
    const added = [];
    const indent = keyIndent(source, map);
    for (const [key, value] of entries) {
        const pair = pairOf(map, key);
        if (!pair) {
            added.push(`${indent}${key}: ${formatScalar(value)}${newline}`);
            continue;
        }
        if (!(0,dist/* isScalar */.jn)(pair.value) || !pair.value.range)
            throw new SpliceUnsafe();
        if (pair.value.value === value)
            continue;
        // A block scalar (`|`, `>`) spans its indented lines and the line break after them: not a span one value replaces.
        if (pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED')
            throw new SpliceUnsafe();
        edits.push({ start: pair.value.range[0], end: pair.value.range[1], text: formatScalar(value, pair.value.type) });
    }
    if (added.length > 0) {
        const at = endOfBlockMap(source, map);
        const prefix = at === source.length && !source.endsWith('\n') ? newline : '';
        edits.push({ start: at, end: at, text: prefix + added.join('') });
    }
    return edits;
}
/** The first kubelet clusterDNS entry, when there is one that must be re-derived (see retargetNodeConfigs). */
function staleClusterDns(document, cluster, sameCluster) {
    const dns = document.getIn(['spec', 'kubelet', 'config', 'clusterDNS'], true);
    if (!(0,dist/* isSeq */.oP)(dns) || dns.items.length === 0)
        return undefined;
    const first = dns.items[0];
    if (!(0,dist/* isScalar */.jn)(first))
        throw new SpliceUnsafe();
    const keep = sameCluster && dnsAddressFits(String(first.value), cluster.ipFamily);
    return keep || first.value === clusterDnsAddress(cluster) ? undefined : first;
}
function clusterDnsEdits(document, cluster, sameCluster) {
    const stale = staleClusterDns(document, cluster, sameCluster);
    if (!stale)
        return [];
    if (!stale.range)
        throw new SpliceUnsafe();
    return [{ start: stale.range[0], end: stale.range[1], text: formatScalar(clusterDnsAddress(cluster), stale.type) }];
}
/**
 * Sets the cluster coordinates in every NodeConfig that has a `spec.cluster`. A kubelet clusterDNS is the user's
 * choice (NodeLocal DNSCache, for one); it is re-derived from the service CIDR only when the document named a
 * different cluster (a template copied from another cluster) or the address is not of the cluster's IP family.
 * When no document has `spec.cluster`, the text is returned unchanged with hadCluster false: the caller adds one.
 */
function retargetNodeConfigs(text, cluster) {
    const documents = [...(0,dist/* parseAllDocuments */.hR)(text)];
    const broken = documents.find((document) => document.errors.length > 0);
    if (broken)
        return { kind: 'invalid', problem: `its NodeConfig YAML does not parse (${broken.errors[0].message.split('\n')[0].replace(/:$/, '')})` };
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    let hadCluster = false;
    const edits = [];
    let needsReserialize = false;
    for (const document of documents) {
        if (!isNodeConfig(document))
            continue;
        const clusterMap = document.getIn(['spec', 'cluster'], true);
        if (!(0,dist/* isMap */.jh)(clusterMap))
            continue;
        hadCluster = true;
        const previousName = clusterMap.get('name');
        try {
            edits.push(...setInBlockMap(text, clusterMap, CLUSTER_FIELDS(cluster), newline));
            edits.push(...clusterDnsEdits(document, cluster, previousName === cluster.name));
        }
        catch (error) {
            if (!(error instanceof SpliceUnsafe))
                throw error;
            needsReserialize = true;
        }
    }
    if (needsReserialize)
        return { kind: 'edited', text: reserialize(documents, cluster), hadCluster };
    const spliced = applyEdits(text, edits);
    // The splice keeps the user's formatting; it is used only when the result reads back as the YAML it should be.
    return { kind: 'edited', text: readsBack(spliced, cluster) ? spliced : reserialize(documents, cluster), hadCluster };
}
/** Whether edited text parses, and every NodeConfig with a spec.cluster holds the cluster's coordinates. */
function readsBack(text, cluster) {
    const documents = [...(0,dist/* parseAllDocuments */.hR)(text)];
    if (documents.some((document) => document.errors.length > 0))
        return false;
    return documents.every((document) => !isNodeConfig(document) || !(0,dist/* isMap */.jh)(document.getIn(['spec', 'cluster'], true)) || CLUSTER_FIELDS(cluster).every(([key, value]) => document.getIn(['spec', 'cluster', key]) === value));
}
/** Fallback for flow/JSON documents: set the fields through the YAML model and print every document again. */
function reserialize(documents, cluster) {
    for (const document of documents) {
        if (!isNodeConfig(document) || !(0,dist/* isMap */.jh)(document.getIn(['spec', 'cluster'], true)))
            continue;
        const sameCluster = document.getIn(['spec', 'cluster', 'name']) === cluster.name;
        if (staleClusterDns(document, cluster, sameCluster)) {
            document.setIn(['spec', 'kubelet', 'config', 'clusterDNS', 0], clusterDnsAddress(cluster));
        }
        for (const [key, value] of CLUSTER_FIELDS(cluster))
            document.setIn(['spec', 'cluster', key], value);
    }
    return documents.map((document) => document.toString({ lineWidth: 0 })).join('');
}
/**
 * Adds `spec.cluster` to the first NodeConfig of a document that has none (a plain NodeConfig user data without
 * cluster coordinates), as lines appended to `spec`, or a `spec` appended to the document.
 */
function addClusterToFirstNodeConfig(text, cluster) {
    const documents = [...(0,dist/* parseAllDocuments */.hR)(text)];
    const document = documents.find(isNodeConfig);
    if (!document)
        return undefined;
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    const spec = document.get('spec', true);
    const fields = (indent) => CLUSTER_FIELDS(cluster).map(([key, value]) => `${indent}${key}: ${formatScalar(value)}${newline}`).join('');
    if ((0,dist/* isMap */.jh)(spec) && isBlock(spec) && spec.items.length > 0) {
        const indent = keyIndent(text, spec);
        const unit = indent.length > 0 ? indent : '  ';
        const at = endOfBlockMap(text, spec);
        const prefix = at === text.length && !text.endsWith('\n') ? newline : '';
        return applyEdits(text, [{ start: at, end: at, text: `${prefix}${indent}cluster:${newline}${fields(indent + unit)}` }]);
    }
    const root = document.contents;
    if (spec === undefined && (0,dist/* isMap */.jh)(root) && isBlock(root) && root.items.length > 0) {
        const at = endOfBlockMap(text, root);
        const prefix = at === text.length && !text.endsWith('\n') ? newline : '';
        return applyEdits(text, [{ start: at, end: at, text: `${prefix}spec:${newline}  cluster:${newline}${fields('    ')}` }]);
    }
    document.setIn(['spec', 'cluster'], Object.fromEntries(CLUSTER_FIELDS(cluster)));
    return documents.map((each) => each.toString({ lineWidth: 0 })).join('');
}
/** A NodeConfig holding only the cluster coordinates. */
function nodeConfigDocument(cluster) {
    const fields = CLUSTER_FIELDS(cluster).map(([key, value]) => `    ${key}: ${formatScalar(value)}`);
    return ['---', 'apiVersion: node.eks.aws/v1alpha1', 'kind: NodeConfig', 'spec:', '  cluster:', ...fields, ''].join('\n');
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/userdata/rewrite.js




/** Launch template user data is base64; gzip or binary content is left to its owner. */
function decodeUserData(base64) {
    if (base64 === undefined || base64 === '')
        return { text: '' };
    const bytes = Buffer.from(base64, 'base64');
    if (bytes[0] === 0x1f && bytes[1] === 0x8b)
        return { problem: 'its user data is gzip-compressed, which drydock does not edit' };
    const text = bytes.toString('utf8');
    if (!Buffer.from(text, 'utf8').equals(bytes))
        return { problem: 'its user data is not UTF-8 text' };
    return { text };
}
function encodeUserData(text) {
    return Buffer.from(text, 'utf8').toString('base64');
}
const SHELL_TYPES = /^text\/(x-shellscript(-per-(boot|instance|once))?|cloud-boothook)$/;
/** Media types cloud-init infers from the first line of user data that is not MIME. */
function mediaTypeOfPlainText(text) {
    if (text.startsWith('#!'))
        return 'text/x-shellscript';
    if (text.startsWith('#cloud-config'))
        return 'text/cloud-config';
    if (text.startsWith('#cloud-boothook'))
        return 'text/cloud-boothook';
    if (text.startsWith('#include'))
        return 'text/x-include-url';
    if (text.startsWith('#part-handler'))
        return 'text/part-handler';
    return undefined;
}
const rewritten = (original, text, generatedBootstrap) => ({
    kind: 'rewritten',
    text,
    changed: text !== original,
    bootstrapChanged: text !== original,
    generatedBootstrap,
});
const unsupported = (reason) => ({ kind: 'unsupported', reason });
const asWritten = (body) => body;
/**
 * `image`, when given, is the node group's current AMI and the new one, for the nodegroup-image label. The label is
 * set in a second pass over the same parts, so the result can tell a bootstrap change from a label change.
 */
function retargetUserData(text, family, cluster, image) {
    const retarget = (editPart) => (family === 'al2' ? retargetAl2(text, cluster, editPart) : retargetAl2023(text, cluster, editPart));
    const bootstrapOnly = retarget(asWritten);
    if (!image || image.from === image.to || bootstrapOnly.kind === 'unsupported')
        return bootstrapOnly;
    const relabeled = retarget((body) => setImageLabel(body, image));
    if (relabeled.kind === 'unsupported' || relabeled.text === bootstrapOnly.text)
        return bootstrapOnly;
    return { ...relabeled, bootstrapChanged: bootstrapOnly.changed, imageLabel: image };
}
function decodeParts(document) {
    return document.parts.map((part) => ({ part, body: decodePartBody(part) }));
}
function undecodable(parts) {
    const index = parts.findIndex(({ body }) => body === undefined);
    return index < 0
        ? undefined
        : `MIME part ${index + 1} of its user data uses ${parts[index].part.transferEncoding} transfer encoding, which drydock does not edit`;
}
function retargetAl2(text, cluster, editPart) {
    const bootstrapPart = { contentType: 'text/x-shellscript; charset="us-ascii"', body: bootstrapScript(cluster) };
    if (text.trim() === '')
        return rewritten(text, buildMultipart([bootstrapPart]), true);
    const document = parseMultipart(text);
    if (document) {
        const parts = decodeParts(document);
        const problem = undecodable(parts);
        if (problem)
            return unsupported(problem);
        if (parts.some(({ part }) => part.contentType === NODECONFIG_MEDIA_TYPE)) {
            return unsupported('its user data holds a nodeadm NodeConfig (Amazon Linux 2023) but the new AMI is Amazon Linux 2');
        }
        if (parts.some(({ part, body }) => !SHELL_TYPES.test(part.contentType) && hasBootstrapInvocation(body))) {
            return unsupported('its user data calls /etc/eks/bootstrap.sh from a part that is not a shell script; drydock edits only shell script parts');
        }
        let found = false;
        const edited = parts.map(({ part, body }) => {
            if (!SHELL_TYPES.test(part.contentType) || !hasBootstrapInvocation(body))
                return part;
            found = true;
            return withPartBody(part, retargetBootstrap(editPart(body), cluster), document.newline);
        });
        const result = { ...document, parts: edited };
        if (found)
            return rewritten(text, serializeMultipart(result), false);
        const added = newPart(document.boundary, bootstrapPart.contentType, bootstrapPart.body, document.newline);
        return rewritten(text, serializeMultipart(appendParts(result, [added])), true);
    }
    const mediaType = mediaTypeOfPlainText(text);
    if (mediaType === 'text/x-shellscript' && hasBootstrapInvocation(text))
        return rewritten(text, retargetBootstrap(editPart(text), cluster), false);
    if (containsNodeConfig(text)) {
        return unsupported('its user data is a nodeadm NodeConfig (Amazon Linux 2023) but the new AMI is Amazon Linux 2');
    }
    if (mediaType === undefined)
        return unsupported(unknownFormat);
    // Wrapped as the first part of a MIME document, the original runs exactly as before, then the bootstrap part.
    return rewritten(text, buildMultipart([{ contentType: mediaType, body: text }, bootstrapPart]), true);
}
const unknownFormat = 'its user data is neither MIME multipart, a shell script, cloud-config nor a NodeConfig, so drydock cannot tell where the bootstrap goes';
function retargetAl2023(text, cluster, editPart) {
    const nodeConfigPart = { contentType: NODECONFIG_MEDIA_TYPE, body: nodeConfigDocument(cluster) };
    if (text.trim() === '')
        return rewritten(text, buildMultipart([nodeConfigPart]), true);
    const document = parseMultipart(text);
    if (document) {
        const parts = decodeParts(document);
        const problem = undecodable(parts);
        if (problem)
            return unsupported(problem);
        if (parts.some(({ body }) => hasBootstrapInvocation(body)))
            return unsupported(al2BootstrapOnAl2023);
        let hadCluster = false;
        const edited = [];
        for (const { part, body } of parts) {
            if (part.contentType !== NODECONFIG_MEDIA_TYPE) {
                edited.push(part);
                continue;
            }
            const edit = retargetNodeConfigs(editPart(body), cluster);
            if (edit.kind === 'invalid')
                return unsupported(edit.problem);
            hadCluster ||= edit.hadCluster;
            edited.push(edit.text === body ? part : withPartBody(part, edit.text, document.newline));
        }
        const result = { ...document, parts: edited };
        if (hadCluster)
            return rewritten(text, serializeMultipart(result), false);
        const added = newPart(document.boundary, nodeConfigPart.contentType, nodeConfigPart.body, document.newline);
        return rewritten(text, serializeMultipart(appendParts(result, [added])), true);
    }
    if (containsNodeConfig(text)) {
        const edit = retargetNodeConfigs(editPart(text), cluster);
        if (edit.kind === 'invalid')
            return unsupported(edit.problem);
        if (edit.hadCluster)
            return rewritten(text, edit.text, false);
        const added = addClusterToFirstNodeConfig(editPart(text), cluster);
        return added === undefined ? unsupported(unknownFormat) : rewritten(text, added, true);
    }
    if (hasBootstrapInvocation(text))
        return unsupported(al2BootstrapOnAl2023);
    const mediaType = mediaTypeOfPlainText(text);
    if (mediaType === undefined)
        return unsupported(unknownFormat);
    return rewritten(text, buildMultipart([{ contentType: mediaType, body: text }, nodeConfigPart]), true);
}
const al2BootstrapOnAl2023 = 'its user data calls /etc/eks/bootstrap.sh (Amazon Linux 2) but the new AMI is Amazon Linux 2023, which bootstraps with nodeadm; ' +
    'move the node group to a launch template with NodeConfig user data first';

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/plan.js











/** `region/cluster`: the unit the per-cluster limit counts (a cluster name can repeat across regions). */
function clusterKeyOf(ref) {
    return `${ref.region}/${ref.cluster}`;
}
/** The target AMI of a region, its OS family and Kubernetes version; an AMI that does not exist there is the user's mistake. */
async function describeTargetImage(ec2, region, ami, signal) {
    const image = (await describeExistingImages(ec2, [ami], signal)).get(ami);
    if (!image) {
        throw new errors/* ConfigurationError */.j1(`AMI ${ami} does not exist in ${region} or this account cannot use it. Check that build-harden-ami distributed it to ${region} ` +
            '(ami-ids maps each region to its own AMI id) and that it is shared with this account.');
    }
    return {
        ami,
        detection: detectOsFamily(image),
        kubernetes: detectKubernetesVersion(image),
        ...(image.Architecture ? { architecture: image.Architecture } : {}),
    };
}
function updateConfigChange(nodegroup, wanted) {
    if (!wanted)
        return undefined;
    const current = nodegroup.updateConfig;
    if ('count' in wanted)
        return current?.maxUnavailable === wanted.count ? undefined : wanted;
    return current?.maxUnavailablePercentage === wanted.percentage ? undefined : wanted;
}
/**
 * The current AMIs of the selected node groups, described in one batch per region: their architecture is the node
 * group's. An AMI missing from the answer (deregistered, or no longer shared) is absent from the map.
 */
async function describeCurrentImages(discovery, target, templates, ec2, signal) {
    if (!target.architecture)
        return new Map();
    // Only node groups that can get as far as the check; a template that cannot be read fails where the node group is planned.
    const launchTemplates = discovery.clusters
        .filter(({ cluster }) => cluster.status === 'ACTIVE')
        .flatMap(({ selected }) => selected.filter((nodegroup) => nodegroup.status === 'ACTIVE').flatMap((nodegroup) => nodegroup.launchTemplate ?? []));
    const sources = await (0,pool/* mapConcurrent */._)(launchTemplates, 4, async ({ id, version }) => id && version ? templates.read(id, version).catch(() => undefined) : undefined);
    const amis = sources.flatMap((source) => source?.data.ImageId ?? []).filter((ami) => ami !== target.ami);
    return amis.length === 0 ? new Map() : describeExistingImages(ec2, amis, signal);
}
/** Decides, for every selected node group of a region, whether and how it is rolled. Reads only. */
async function planRegion(discovery, target, reading, settings) {
    const steps = [];
    const skipped = [];
    const clusterCapacity = new Map();
    const region = discovery.region;
    const { templates } = reading;
    const currentImages = await describeCurrentImages(discovery, target, templates, reading.ec2, reading.signal);
    for (const { cluster, nodegroups, selected } of discovery.clusters) {
        const clusterName = cluster.name ?? '';
        const key = clusterKeyOf({ region, cluster: clusterName });
        const outcomes = await (0,pool/* mapConcurrent */._)(selected, 4, (nodegroup) => planNodegroup(region, cluster, nodegroup, target, { templates, currentImages }, settings));
        const clusterSteps = outcomes.filter((outcome) => 'change' in outcome);
        skipped.push(...outcomes.filter((outcome) => !('change' in outcome)));
        // Updates already running in this cluster (started by someone else, or by an earlier run with wait: false, or one
        // that timed out) count against the per-cluster limit: the limit is about nodes draining at once, whoever started it.
        const updating = nodegroups.filter((nodegroup) => nodegroup.status === 'UPDATING').map((nodegroup) => nodegroup.nodegroupName);
        const capacity = settings.maxParallelPerCluster - updating.length;
        if (capacity <= 0 && clusterSteps.length > 0) {
            for (const step of clusterSteps) {
                skipped.push({
                    ref: step.ref,
                    result: 'NotStarted',
                    reason: `not started: node group${updating.length > 1 ? 's' : ''} ${updating.join(', ')} of this cluster ` +
                        `${updating.length > 1 ? 'are' : 'is'} already updating and max-parallel-per-cluster is ${settings.maxParallelPerCluster}; run again when ${updating.length > 1 ? 'they finish' : 'it finishes'}`,
                    toAmi: step.toAmi,
                    fromAmi: step.fromAmi,
                    launchTemplateId: step.source.templateId,
                    launchTemplateVersion: String(step.source.version),
                });
            }
            continue;
        }
        clusterCapacity.set(key, capacity);
        steps.push(...clusterSteps);
    }
    return { steps, skipped, clusterCapacity };
}
async function planNodegroup(region, cluster, nodegroup, target, { templates, currentImages }, settings) {
    const ref = { region, cluster: cluster.name ?? '', nodegroup: nodegroup.nodegroupName ?? '' };
    const skip = (reason, more = {}) => ({
        ref,
        result: 'Skipped',
        reason,
        toAmi: target.ami,
        ...more,
    });
    if (cluster.status !== 'ACTIVE')
        return skip(`cluster is ${cluster.status ?? 'in an unknown state'}, not ACTIVE`);
    if (nodegroup.status !== 'ACTIVE')
        return skip(`node group is ${nodegroup.status ?? 'in an unknown state'}, not ACTIVE`);
    const launchTemplate = nodegroup.launchTemplate;
    if (!launchTemplate?.id || !launchTemplate.version) {
        return skip(`not launched from a launch template, so EKS manages its AMI (amiType ${nodegroup.amiType ?? 'unknown'}); ` +
            'roll it with EKS AMI release versions instead');
    }
    const at = { launchTemplateId: launchTemplate.id, launchTemplateVersion: launchTemplate.version };
    const source = await templates.read(launchTemplate.id, launchTemplate.version);
    if (!source)
        return skip(`launch template ${launchTemplate.id} version ${launchTemplate.version} does not exist`, at);
    const current = { launchTemplateId: source.templateId, launchTemplateVersion: String(source.version) };
    const fromAmi = source.data.ImageId;
    if (!fromAmi) {
        return skip(`launch template ${source.templateId} version ${source.version} names no AMI, so EKS manages the AMI ` +
            `(amiType ${nodegroup.amiType ?? 'unknown'}); drydock rolls only node groups with a custom AMI`, current);
    }
    if (fromAmi === target.ami) {
        return skip(`already on the target AMI ${target.ami} (launch template ${source.templateId} version ${source.version})`, { ...current, fromAmi });
    }
    if ('unsupported' in target.detection)
        return skip(target.detection.unsupported, { ...current, fromAmi });
    if ('version' in target.kubernetes) {
        const problem = kubeletSkewProblem({ ami: target.ami, version: target.kubernetes.version }, { name: ref.cluster, version: cluster.version });
        if (problem)
            return skip(problem, { ...current, fromAmi });
    }
    const warnings = [];
    if (target.architecture) {
        const running = currentImages.get(fromAmi)?.Architecture;
        if (running && running !== target.architecture) {
            return skip(`AMI ${target.ami} is ${target.architecture} but the node group runs ${running} (current AMI ${fromAmi}); roll an ${running} AMI to it`, { ...current, fromAmi });
        }
        if (!currentImages.has(fromAmi)) {
            warnings.push(`current AMI ${fromAmi} cannot be described (deregistered, or no longer shared with this account), ` +
                `so the architecture of ${target.ami} (${target.architecture}) is not checked against the node group's`);
        }
    }
    const identity = clusterIdentityOf(cluster);
    if ('problem' in identity)
        return skip(identity.problem, { ...current, fromAmi });
    const decoded = decodeUserData(source.data.UserData);
    const where = `launch template ${source.templateId} version ${source.version}`;
    if ('problem' in decoded)
        return skip(`${where}: ${decoded.problem}`, { ...current, fromAmi });
    const rewrite = retargetUserData(decoded.text, target.detection.family, identity, { from: fromAmi, to: target.ami });
    if (rewrite.kind === 'unsupported')
        return skip(`${where}: ${rewrite.reason}`, { ...current, fromAmi });
    const family = OS_FAMILY_NAMES[target.detection.family];
    const notes = [
        ...(rewrite.generatedBootstrap
            ? [`${family} bootstrap added (the user data had none)`]
            : rewrite.bootstrapChanged
                ? [`${family} bootstrap set to cluster ${identity.name}`]
                : []),
        ...(rewrite.imageLabel ? [`node label ${NODEGROUP_IMAGE_LABEL} set to ${rewrite.imageLabel.to} (was ${rewrite.imageLabel.from})`] : []),
    ];
    const userDataNote = notes.length > 0 ? notes.join('; ') : 'user data unchanged';
    const label = `${where} user data`;
    const updateConfig = updateConfigChange(nodegroup, settings.maxUnavailable);
    return {
        ref,
        fromAmi,
        toAmi: target.ami,
        source,
        change: { imageId: target.ami, ...(rewrite.changed ? { userData: encodeUserData(rewrite.text) } : {}) },
        userDataNote,
        // Changed lines only, no context: the lines around them are the user's own and may hold secrets a log must not show.
        userDataDiff: unifiedDiff(readableUserData(decoded.text), readableUserData(rewrite.text), { before: label, after: `new version, cluster ${identity.name}` }, 0),
        ...(updateConfig ? { updateConfig } : {}),
        description: `${VERSION_DESCRIPTION_PREFIX} ${settings.runLabel}: ${target.ami} for cluster ${identity.name} (from version ${source.version})`,
        warnings,
    };
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/format.js
var format = __webpack_require__(86874);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/update-wait.js



/**
 * Polling schedule for DescribeUpdate: quick at first (a config update or a rejected one ends within seconds), then
 * once a minute. A node group update takes 10 to 60 minutes, so a minute between polls costs at most a minute of
 * wall time per update and keeps a 20-minute update to about 22 calls.
 */
const FIRST_POLLS_MS = [10_000, 20_000, 40_000];
const STEADY_POLL_MS = 60_000;
/** Between state changes, a line at this interval shows the wait is alive. */
const HEARTBEAT_MS = 5 * 60_000;
/**
 * DescribeUpdate failures in a row that end the wait. A blip (a 5xx or a dropped connection that outlasted the SDK's own
 * retries) 40 minutes into an update must not report a healthy update as failed, while EKS carries on with it.
 */
const MAX_CONSECUTIVE_POLL_ERRORS = 3;
/**
 * A failure that polling again cannot cure: expired credentials, a cancelled wait, or a request EKS refused as the
 * caller's own (access denied, no such update), which the SDK marks as a client fault. Throttling is the exception.
 */
function endsTheWait(error, signal) {
    if (signal?.aborted || isExpiredCredentials(error))
        return true;
    const fault = error?.$fault;
    const name = error instanceof Error ? error.name : '';
    return fault === 'client' && !/Throttl|TooManyRequests/.test(name);
}
function pollDelay(attempt) {
    return FIRST_POLLS_MS[attempt] ?? STEADY_POLL_MS;
}
function updateErrors(update) {
    return (update?.errors ?? []).map((error) => ({
        code: error.errorCode ?? 'Unknown',
        message: error.errorMessage ?? '',
        resourceIds: error.resourceIds ?? [],
    }));
}
/** `PodEvictionFailure: Reached max retries ... (ip-10-0-1-5.ec2.internal, default/web-0)` */
/** `: <errors>` to end a sentence about an update with its errors, or nothing when it has none. */
function updateErrorsSuffix(errors) {
    return errors.length > 0 ? `: ${formatUpdateErrors(errors)}` : '';
}
function formatUpdateErrors(errors) {
    return errors
        .map((error) => `${error.code}: ${error.message}${error.resourceIds.length > 0 ? ` (${error.resourceIds.join(', ')})` : ''}`)
        .join('; ');
}
const TERMINAL = new Set(['Successful', 'Failed', 'Cancelled']);
/** Polls DescribeUpdate until the update ends or `timeoutMs` after it started; prints a line on every state change. */
async function waitForUpdate(eks, wait, options) {
    const { clock, logger, label } = options;
    const deadline = wait.startedAt + options.timeoutMs;
    let lastStatus = 'InProgress';
    let lastLine = clock.now();
    let consecutiveErrors = 0;
    for (let attempt = 0;; attempt++) {
        const remaining = deadline - clock.now();
        if (remaining <= 0) {
            const elapsedMs = clock.now() - wait.startedAt;
            logger.warning(`${label}: still ${lastStatus} after ${(0,format/* formatElapsed */.C)(elapsedMs)}; stopped waiting (timeout), update ${wait.updateId} continues in EKS`);
            return { status: 'TimedOut', elapsedMs };
        }
        await clock.sleep(Math.min(pollDelay(attempt), remaining), options.signal);
        let update;
        try {
            ({ update } = await callAws('DescribeUpdate', () => eks.send(new client_eks_dist_cjs/* DescribeUpdateCommand */.SrY({ name: wait.clusterName, nodegroupName: wait.nodegroupName, updateId: wait.updateId }), options.signal ? { abortSignal: options.signal } : {})));
            consecutiveErrors = 0;
        }
        catch (error) {
            consecutiveErrors++;
            if (endsTheWait(error, options.signal) || consecutiveErrors >= MAX_CONSECUTIVE_POLL_ERRORS)
                throw error;
            logger.warning(`${label}: could not read update ${wait.updateId} (${awsErrorText(error)}); polling again ` +
                `(${consecutiveErrors} of ${MAX_CONSECUTIVE_POLL_ERRORS} failures in a row allowed)`);
            continue;
        }
        const status = update?.status ?? 'InProgress';
        const elapsedMs = clock.now() - wait.startedAt;
        if (TERMINAL.has(status)) {
            const errors = updateErrors(update);
            (status === 'Successful' ? logger.info : logger.error)(`${label}: ${status} after ${(0,format/* formatElapsed */.C)(elapsedMs)}${updateErrorsSuffix(errors)}`);
            return { status: status, errors, elapsedMs };
        }
        if (status !== lastStatus || clock.now() - lastLine >= HEARTBEAT_MS) {
            logger.info(`${label}: ${status} after ${(0,format/* formatElapsed */.C)(elapsedMs)}`);
            lastStatus = status;
            lastLine = clock.now();
        }
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/nodegroups/rollout.js











/** A max-unavailable update (UpdateNodegroupConfig) that outlived the timeout: it goes on in EKS. */
class ConfigUpdateStillRunning extends Error {
    updateId;
    constructor(message, updateId) {
        super(message);
        this.updateId = updateId;
    }
}
const labelOf = (ref) => `${ref.region}/${ref.cluster}/${ref.nodegroup}`;
function describeUpdateConfig(config) {
    return 'count' in config ? `maxUnavailable ${config.count}` : `maxUnavailablePercentage ${config.percentage}`;
}
function skippedEntry(skip) {
    return {
        region: skip.ref.region,
        cluster: skip.ref.cluster,
        nodegroup: skip.ref.nodegroup,
        ...(skip.fromAmi ? { fromAmi: skip.fromAmi } : {}),
        toAmi: skip.toAmi,
        ...(skip.launchTemplateId ? { launchTemplateId: skip.launchTemplateId } : {}),
        ...(skip.launchTemplateVersion ? { launchTemplateVersion: skip.launchTemplateVersion } : {}),
        result: skip.result,
        reason: skip.reason,
    };
}
function stepEntry(step, fields) {
    return {
        region: step.ref.region,
        cluster: step.ref.cluster,
        nodegroup: step.ref.nodegroup,
        fromAmi: step.fromAmi,
        toAmi: step.toAmi,
        launchTemplateId: step.source.templateId,
        ...fields,
    };
}
const byName = (a, b) => a.region.localeCompare(b.region) || a.cluster.localeCompare(b.cluster) || a.nodegroup.localeCompare(b.nodegroup);
function sortedReport(updated, skipped, failed) {
    return { updated: updated.sort(byName), skipped: skipped.sort(byName), failed: failed.sort(byName) };
}
/**
 * Rolls the target AMIs out to the selected managed node groups: discover (read only), plan every node group, then,
 * unless this is a dry run, create one launch template version per (template version, cluster) and update the node
 * groups within the concurrency limits, waiting for each update when asked to.
 */
async function performRollout(settings, deps) {
    const { logger, signal } = deps;
    const regions = [...settings.amis.keys()];
    const clients = new Map(regions.map((region) => [region, deps.clients(region)]));
    const clientsOf = (region) => clients.get(region);
    const discoveries = await Promise.all(regions.map((region) => discoverRegion(region, clientsOf(region).eks, settings.selection, signal)));
    checkSelection(discoveries, settings.selection);
    const plans = await Promise.all(discoveries.map(async (discovery) => {
        const region = discovery.region;
        if (discovery.clusters.every((each) => each.selected.length === 0))
            return { steps: [], skipped: [], clusterCapacity: new Map() };
        const ami = settings.amis.get(region);
        const target = await describeTargetImage(clientsOf(region).ec2, region, ami, signal);
        const detection = target.detection;
        logger.info('family' in detection
            ? `${region}: target AMI ${ami} is ${OS_FAMILY_NAMES[detection.family]} (from ${detection.evidence})`
            : `${region}: target AMI ${ami}: ${detection.unsupported}`);
        const kubernetes = target.kubernetes;
        if ('version' in kubernetes) {
            logger.info(`${region}: target AMI ${ami} is for Kubernetes ${kubernetes.version} (from ${kubernetes.evidence})`);
        }
        else {
            // Once per region, not per node group: it is a property of the AMI, and the plan goes on without the check.
            logger.warning(`${region}: target AMI ${ami} is not checked against the clusters' Kubernetes versions: ${kubernetes.unknown}. ` +
                `Tag it ${KUBERNETES_VERSION_TAG}=<major.minor> (such as 1.31) to have it checked.`);
        }
        const { ec2 } = clientsOf(region);
        return planRegion(discovery, target, { templates: new LaunchTemplateReader(ec2, signal), ec2, ...(signal ? { signal } : {}) }, settings);
    }));
    const steps = plans.flatMap((plan) => plan.steps);
    const capacity = new Map(plans.flatMap((plan) => [...plan.clusterCapacity]));
    const skipped = plans.flatMap((plan) => plan.skipped).map(skippedEntry);
    await logger.group(`Plan: ${steps.length} node group(s) to update, ${skipped.length} skipped`, async () => {
        for (const step of steps) {
            const config = step.updateConfig ? `; updateConfig set to ${describeUpdateConfig(step.updateConfig)}` : '';
            logger.info(`${labelOf(step.ref)}: ${step.fromAmi} -> ${step.toAmi}, new version of launch template ${step.source.templateId} ` +
                `from version ${step.source.version}; ${step.userDataNote}${config}`);
            for (const warning of step.warnings)
                logger.warning(`${labelOf(step.ref)}: ${warning}`);
        }
        for (const skip of skipped)
            logger.info(`${skip.region}/${skip.cluster}/${skip.nodegroup}: skipped, ${skip.reason}`);
    });
    if (settings.dryRun) {
        for (const step of steps.filter((each) => each.userDataDiff !== '')) {
            await logger.group(`User data change for ${labelOf(step.ref)}`, async () => logger.info(step.userDataDiff.trimEnd()));
        }
        const updated = steps.map((step) => stepEntry(step, {
            result: 'DryRun',
            dryRun: true,
            reason: `would create a version of ${step.source.templateId} from version ${step.source.version} and update; ${step.userDataNote}` +
                (step.updateConfig ? `; updateConfig set to ${describeUpdateConfig(step.updateConfig)}` : ''),
            userDataDiff: step.userDataDiff,
        }));
        return sortedReport(updated, skipped, []);
    }
    return executeSteps(steps, capacity, skipped, settings, deps, clientsOf);
}
async function executeSteps(steps, capacity, skipped, settings, deps, clientsOf) {
    const { logger, clock, signal } = deps;
    const updated = [];
    const failed = [];
    const versions = new Map();
    /** Why nothing more starts, once something stopped the rollout. */
    let stopReason;
    /** Per cluster key, what keeps its slot occupied after a job ended (update still running in EKS). */
    const heldBy = new Map();
    /** Between writes: a cancelled run starts nothing more (the writes themselves are never cut off mid-flight). */
    const stopIfCancelled = () => {
        if (signal?.aborted)
            throw signal.reason;
    };
    /** One version per (template version, cluster): node groups of one cluster that share a template share it too. */
    const ensureVersion = (step) => {
        const key = `${step.ref.region}/${step.source.templateId}@${step.source.version}/${step.ref.cluster}`;
        let pending = versions.get(key);
        if (!pending) {
            const { ec2 } = clientsOf(step.ref.region);
            pending = (async () => {
                const existing = await findEquivalentVersion(ec2, step.source, step.change, signal);
                if (existing)
                    return { version: existing.version, reused: true };
                const version = await createVersion(ec2, step.source, step.change, step.description);
                deps.onChange?.(`${step.ref.region}: launch template ${step.source.templateId} version ${version} created from version ${step.source.version}, for cluster ${step.ref.cluster}`);
                return { version, reused: false };
            })();
            versions.set(key, pending);
        }
        return pending;
    };
    const applyUpdateConfig = async (step, config, label) => {
        const { eks } = clientsOf(step.ref.region);
        const startedAt = clock.now();
        const { update } = await callAws('UpdateNodegroupConfig', () => eks.send(new client_eks_dist_cjs/* UpdateNodegroupConfigCommand */.YKo({
            clusterName: step.ref.cluster,
            nodegroupName: step.ref.nodegroup,
            updateConfig: 'count' in config ? { maxUnavailable: config.count } : { maxUnavailablePercentage: config.percentage },
        })));
        logger.info(`${label}: updateConfig set to ${describeUpdateConfig(config)} (update ${update?.id ?? 'unknown'}: ${update?.status ?? 'InProgress'})`);
        deps.onChange?.(`${label}: updateConfig set to ${describeUpdateConfig(config)} (update ${update?.id ?? 'unknown'})`);
        if (update?.status === 'Successful')
            return;
        if (update?.status === 'Failed' || update?.status === 'Cancelled' || !update?.id) {
            throw new Error(`UpdateNodegroupConfig ${update?.status ?? 'returned no update'}${updateErrorsSuffix(updateErrors(update))}`);
        }
        const outcome = await waitForUpdate(eks, { clusterName: step.ref.cluster, nodegroupName: step.ref.nodegroup, updateId: update.id, startedAt }, { clock, logger, timeoutMs: settings.timeoutMs, label: `${label} (updateConfig)`, ...(signal ? { signal } : {}) });
        // Past the timeout the config update goes on in EKS, and the node group's slot stays taken (see rollStep).
        if (outcome.status === 'TimedOut')
            throw new ConfigUpdateStillRunning(`UpdateNodegroupConfig ${update.id} did not finish within ${(0,format/* formatElapsed */.C)(settings.timeoutMs)}`, update.id);
        if (outcome.status !== 'Successful')
            throw new Error(`UpdateNodegroupConfig ${update.id} ended ${outcome.status}${updateErrorsSuffix(outcome.errors)}`);
    };
    const rollStep = async (step) => {
        const label = labelOf(step.ref);
        const key = clusterKeyOf(step.ref);
        let version;
        let updateId;
        const startedAt = clock.now();
        const fail = (result, reason, extra = {}) => failed.push(stepEntry(step, {
            ...(version !== undefined ? { launchTemplateVersion: String(version) } : {}),
            ...(updateId ? { updateId } : {}),
            result,
            reason,
            elapsedSeconds: Math.round((clock.now() - startedAt) / 1000),
            ...extra,
        }));
        const stopAfterFailure = (result) => {
            if (settings.failFast)
                stopReason ??= `not started: fail-fast stopped the rollout after ${label} ${result}`;
        };
        try {
            const created = await ensureVersion(step);
            version = created.version;
            logger.info(`${label}: launch template ${step.source.templateId} version ${version} ` +
                `(${created.reused ? 'reused, created by an earlier run' : `created from version ${step.source.version}`}); ${step.userDataNote}`);
            stopIfCancelled();
            if (step.updateConfig) {
                await applyUpdateConfig(step, step.updateConfig, label);
                stopIfCancelled();
            }
            const { eks } = clientsOf(step.ref.region);
            const updateStartedAt = clock.now();
            const { update } = await callAws('UpdateNodegroupVersion', () => eks.send(new client_eks_dist_cjs/* UpdateNodegroupVersionCommand */.WTp({
                clusterName: step.ref.cluster,
                nodegroupName: step.ref.nodegroup,
                launchTemplate: { id: step.source.templateId, version: String(version) },
                force: settings.force,
            })));
            updateId = update?.id;
            if (!updateId)
                throw new Error('UpdateNodegroupVersion returned no update id');
            const started = `${label}: update ${updateId} started (${step.fromAmi} -> ${step.toAmi}, launch template version ${version})`;
            logger.info(started);
            deps.onChange?.(started);
            const done = (fields) => updated.push(stepEntry(step, { launchTemplateVersion: String(version), updateId, ...fields }));
            if (!settings.wait) {
                done({ result: 'InProgress' });
                heldBy.set(key, `wait is false, so this run starts at most max-parallel-per-cluster (${settings.maxParallelPerCluster}) update(s) per cluster; run again after ${label} finishes`);
                return 'hold';
            }
            const outcome = await waitForUpdate(eks, { clusterName: step.ref.cluster, nodegroupName: step.ref.nodegroup, updateId, startedAt: updateStartedAt }, { clock, logger, timeoutMs: settings.timeoutMs, label, ...(signal ? { signal } : {}) });
            const elapsedSeconds = Math.round(outcome.elapsedMs / 1000);
            if (outcome.status === 'Successful') {
                done({ result: 'Successful', elapsedSeconds });
                return 'release';
            }
            if (outcome.status === 'TimedOut') {
                fail('TimedOut', `did not finish within ${(0,format/* formatElapsed */.C)(settings.timeoutMs)}; update ${updateId} continues in EKS`, { elapsedSeconds });
                heldBy.set(key, `the update of ${label} outlived the timeout and is still running in this cluster`);
                stopAfterFailure('timed out');
                return 'hold';
            }
            fail(outcome.status, outcome.errors.length > 0 ? formatUpdateErrors(outcome.errors) : `update ${outcome.status} without details`, {
                errors: outcome.errors,
                elapsedSeconds,
            });
            stopAfterFailure(outcome.status.toLowerCase());
            return 'release';
        }
        catch (error) {
            // An update that was started keeps going in EKS whatever happened here; the reason says so.
            const running = updateId ?? (error instanceof ConfigUpdateStillRunning ? error.updateId : undefined);
            const withRunning = (text) => (running ? `${text.replace(/\.$/, '')}; update ${running} continues in EKS` : text);
            if (signal?.aborted) {
                fail('Error', withRunning(`cancelled while ${updateId ? 'waiting' : 'starting'}`));
                stopReason ??= 'not started: the run was cancelled';
            }
            else if (isExpiredCredentials(error)) {
                fail('Error', withRunning((0,errors/* errorMessage */.gJ)(error)));
                stopReason ??= `not started: AWS credentials expired (${label})`;
            }
            else {
                fail('Error', withRunning(awsErrorText(error)));
                stopAfterFailure('failed');
            }
            if (!running)
                return 'release';
            heldBy.set(key, updateId ? `the update of ${label} may still be running in this cluster` : `the updateConfig of ${label} outlived the timeout and is still running in this cluster`);
            return 'hold';
        }
    };
    const notStarted = await runWithinLimits(steps, {
        overall: settings.maxParallel,
        keyOf: (step) => clusterKeyOf(step.ref),
        capacityOf: (key) => capacity.get(key) ?? settings.maxParallelPerCluster,
        mayStart: () => stopReason === undefined && !signal?.aborted,
    }, rollStep);
    for (const step of notStarted) {
        const held = heldBy.get(clusterKeyOf(step.ref));
        const reason = stopReason ??
            (held
                ? `not started: ${held}`
                : `not started: max-parallel (${settings.maxParallel}) updates are still running (wait: false or timed out); run again after they finish`);
        skipped.push(stepEntry(step, { launchTemplateVersion: String(step.source.version), result: 'NotStarted', reason }));
    }
    return sortedReport(updated, skipped, failed);
}

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/inputs.js
var core_inputs = __webpack_require__(52164);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/rollout-nodegroups/inputs.js



const DEFAULT_MAX_PARALLEL = 5;
const DEFAULT_MAX_PARALLEL_PER_CLUSTER = 1;
const DEFAULT_TIMEOUT = '90m';
/** A GitHub-hosted job ends after 6 hours; a longer wait could never finish. */
const MAX_TIMEOUT_MS = 6 * 3_600_000;
const AMI_ID = /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/;
// EKS names: a letter or digit, then letters, digits, - and _ (clusters up to 100 characters, node groups 63).
const CLUSTER_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,99}$/;
const NODEGROUP_PATTERN = /^[A-Za-z0-9*?][A-Za-z0-9_*?-]{0,62}$/;
function parseAmiId(input, value) {
    if (!AMI_ID.test(value)) {
        throw (0,errors/* invalidInput */.aY)(input, value, 'is not an AMI id', 'Use the form ami- followed by 8 or 17 lower-case hexadecimal digits, as build-harden-ami outputs it.');
    }
    return value;
}
/** `key=value` pairs, one per list entry; the value may be empty, the key may not. */
function parseKeyValues(input, entries) {
    return entries.map((entry) => {
        const equals = entry.indexOf('=');
        if (equals <= 0)
            throw (0,errors/* invalidInput */.aY)(input, entry, 'is not a key=value pair', 'Write each pair as key=value, one per line or comma separated.');
        return { key: entry.slice(0, equals).trim(), value: entry.slice(equals + 1).trim() };
    });
}
function parsePatterns(input, entries, pattern, what) {
    for (const entry of entries) {
        if (!pattern.test(entry)) {
            throw (0,errors/* invalidInput */.aY)(input, entry, `is not ${what} name or glob`, 'Use letters, digits, - and _, with * and ? as wildcards.');
        }
    }
    return [...new Set(entries)];
}
/** Target AMI per region, from ami-id (one region) or ami-ids (JSON object region -> AMI), narrowed by regions. */
function parseAmis(inputs, env) {
    const amiId = inputs.optional('ami-id');
    const amiIds = inputs.json('ami-ids');
    const regions = inputs.list('regions').map((region) => (0,core_inputs/* parseRegion */.cf)('regions', region));
    if (amiId !== undefined && amiIds !== undefined) {
        throw new errors/* ConfigurationError */.j1("Inputs 'ami-id' and 'ami-ids' are both set. Set only one: ami-id for one region, ami-ids for several.");
    }
    if (amiId === undefined && amiIds === undefined) {
        throw new errors/* ConfigurationError */.j1("Input 'ami-id' is required when 'ami-ids' is not set. Give the AMI to roll out: ami-id for one region, or ami-ids (the JSON object build-harden-ami outputs) for several.");
    }
    if (amiId !== undefined) {
        const ami = parseAmiId('ami-id', amiId);
        if (regions.length > 1) {
            throw (0,errors/* invalidInput */.aY)('regions', regions.join(', '), `names ${regions.length} regions but 'ami-id' is one AMI, and an AMI id belongs to one region`, 'Give one region, or give ami-ids with an AMI per region.');
        }
        return new Map([[regions[0] ?? (0,client_config/* resolveRegion */.Zv)(undefined, env, 'regions'), ami]]);
    }
    const value = amiIds.value;
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
        throw new errors/* ConfigurationError */.j1(`Input 'ami-ids': the JSON is not an object of region to AMI id. Write it as {"us-east-1": "ami-0123456789abcdef0"}.`);
    }
    const all = new Map();
    for (const [region, ami] of Object.entries(value)) {
        (0,core_inputs/* parseRegion */.cf)('ami-ids', region);
        if (typeof ami !== 'string')
            throw (0,errors/* invalidInput */.aY)('ami-ids', region, 'maps to something other than an AMI id string', 'Map each region to its AMI id.');
        all.set(region, parseAmiId('ami-ids', ami));
    }
    if (regions.length === 0)
        return all;
    const missing = regions.filter((region) => !all.has(region));
    if (missing.length > 0) {
        throw (0,errors/* invalidInput */.aY)('regions', missing.join(', '), "has no AMI in 'ami-ids'", `Add it to ami-ids or remove it from regions; ami-ids covers ${[...all.keys()].join(', ')}.`);
    }
    return new Map(regions.map((region) => [region, all.get(region)]));
}
function parseMaxUnavailable(inputs) {
    const count = inputs.optional('max-unavailable') === undefined ? undefined : inputs.integer('max-unavailable', 1, 1, 100);
    const percentage = inputs.optional('max-unavailable-percentage') === undefined ? undefined : inputs.integer('max-unavailable-percentage', 1, 1, 100);
    if (count !== undefined && percentage !== undefined) {
        throw new errors/* ConfigurationError */.j1("Inputs 'max-unavailable' and 'max-unavailable-percentage' are both set; EKS takes one or the other. Remove one of them.");
    }
    if (count !== undefined)
        return { count };
    if (percentage !== undefined)
        return { percentage };
    return undefined;
}
/** `run 1234.2 of owner/repo` in a workflow; the start time elsewhere (the CLI). */
function runLabelOf(context) {
    const { env } = context;
    const runId = env['GITHUB_RUN_ID'];
    if (runId) {
        const repository = env['GITHUB_REPOSITORY'] ? ` of ${env['GITHUB_REPOSITORY']}` : '';
        return `run ${runId}.${env['GITHUB_RUN_ATTEMPT'] ?? '1'}${repository}`;
    }
    return `run at ${new Date(context.clock.now()).toISOString()}`;
}
function parseRolloutNodegroupsInputs(inputs, context) {
    const amis = parseAmis(inputs, context.env);
    const clusters = parsePatterns('clusters', inputs.list('clusters'), CLUSTER_PATTERN, 'an EKS cluster');
    const clusterTags = parseKeyValues('cluster-tags', inputs.list('cluster-tags'));
    if (clusters.length === 0 && clusterTags.length === 0) {
        throw new errors/* ConfigurationError */.j1("Input 'clusters' is required when 'cluster-tags' is not set. Name the clusters (names or globs such as prod-*), or select them by tag with cluster-tags: key=value.");
    }
    const nodegroups = parsePatterns('nodegroups', inputs.list('nodegroups'), NODEGROUP_PATTERN, 'a node group');
    const nodegroupLabels = parseKeyValues('nodegroup-labels', inputs.list('nodegroup-labels'));
    const nodegroupTags = parseKeyValues('nodegroup-tags', inputs.list('nodegroup-tags'));
    const allowEmpty = inputs.boolean('allow-empty', false);
    const force = inputs.boolean('force', false);
    const maxUnavailable = parseMaxUnavailable(inputs);
    const maxParallel = inputs.integer('max-parallel', DEFAULT_MAX_PARALLEL, 1, 50);
    const maxParallelPerCluster = inputs.integer('max-parallel-per-cluster', DEFAULT_MAX_PARALLEL_PER_CLUSTER, 1, 50);
    if (maxParallelPerCluster > maxParallel) {
        throw (0,errors/* invalidInput */.aY)('max-parallel-per-cluster', String(maxParallelPerCluster), `is more than max-parallel (${maxParallel})`, 'Lower it, or raise max-parallel: no more updates run at once than max-parallel allows.');
    }
    const wait = inputs.boolean('wait', true);
    const timeoutText = inputs.string('timeout', DEFAULT_TIMEOUT);
    const timeoutMs = inputs.duration('timeout', DEFAULT_TIMEOUT);
    if (timeoutMs < 60_000 || timeoutMs > MAX_TIMEOUT_MS) {
        throw (0,errors/* invalidInput */.aY)('timeout', timeoutText, 'is not between 1m and 6h', 'A node group update takes 10 to 60 minutes; the default is 90m.');
    }
    const failFast = inputs.boolean('fail-fast', true);
    const dryRun = inputs.boolean('dry-run', false);
    return {
        amis,
        selection: { clusters, clusterTags, nodegroups, nodegroupLabels, nodegroupTags, allowEmpty },
        force,
        ...(maxUnavailable ? { maxUnavailable } : {}),
        maxParallel,
        maxParallelPerCluster,
        wait,
        timeoutMs,
        failFast,
        dryRun,
        runLabel: runLabelOf(context),
    };
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/rollout-nodegroups/summary.js

/** An entry as the `updated`/`skipped`/`failed` outputs carry it: everything but the dry-run diff text. */
function outputEntry(entry) {
    const { userDataDiff: _diff, ...rest } = entry;
    return rest;
}
function detail(entry) {
    const elapsed = entry.elapsedSeconds !== undefined ? `${(0,format/* formatElapsed */.C)(entry.elapsedSeconds * 1000)}` : '';
    return [entry.reason, elapsed].filter(Boolean).join('; ');
}
/** The job summary: one table of every node group (failed first), then, in a dry run, each user data change as a diff. */
function writeRolloutSummary(summary, report, settings) {
    const total = report.updated.length + report.skipped.length + report.failed.length;
    const amis = [...settings.amis].map(([region, ami]) => `${ami} in ${region}`).join(', ');
    summary.heading(settings.dryRun ? 'EKS node group rollout (dry run: nothing changed)' : 'EKS node group rollout');
    summary.text(settings.dryRun
        ? `${report.updated.length} of ${total} node group(s) would be updated to ${amis}; ${report.skipped.length} skipped.`
        : `${report.updated.length} of ${total} node group(s) updated to ${amis}; ${report.failed.length} failed, ${report.skipped.length} skipped.`);
    const rows = [...report.failed, ...report.updated, ...report.skipped].map((entry) => [
        entry.result,
        entry.region,
        entry.cluster,
        entry.nodegroup,
        entry.fromAmi ?? '',
        entry.toAmi,
        entry.launchTemplateId ? `${entry.launchTemplateId}${entry.launchTemplateVersion ? ` v${entry.launchTemplateVersion}` : ''}` : '',
        entry.updateId ?? '',
        detail(entry),
    ]);
    if (rows.length > 0) {
        summary.table(['Result', 'Region', 'Cluster', 'Node group', 'From AMI', 'To AMI', 'Launch template', 'Update', 'Detail'], rows);
    }
    const diffs = report.updated.filter((entry) => entry.userDataDiff);
    if (diffs.length > 0) {
        summary.heading('User data changes');
        for (const entry of diffs)
            summary.text(`${entry.region}/${entry.cluster}/${entry.nodegroup}:\n\n\`\`\`diff\n${entry.userDataDiff.trimEnd()}\n\`\`\``);
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/actions/rollout-nodegroups/main.js




async function run(settings, context, dependencies) {
    const report = await performRollout(settings, {
        clients: dependencies.clients,
        logger: context.logger,
        clock: context.clock,
        signal: context.signal,
        // Recorded for the summary of a step stopped before its own (a second cancel signal): no version goes unrecorded.
        onChange: (change) => context.summary.recordChange(change),
    });
    context.outputs.set('updated', report.updated.map(outputEntry));
    context.outputs.set('skipped', report.skipped.map(outputEntry));
    context.outputs.set('failed', report.failed.map(outputEntry));
    writeRolloutSummary(context.summary, report, settings);
    if (report.failed.length > 0) {
        const names = report.failed.map((entry) => `${entry.region}/${entry.cluster}/${entry.nodegroup} (${entry.result})`).join(', ');
        throw new Error(`${report.failed.length} node group update(s) did not succeed: ${names}. The failed output and the job summary give the reasons.`);
    }
}
function createRolloutNodegroupsAction(dependencies = { clients: createRegionClients }) {
    return {
        name: 'rollout-nodegroups',
        parse: parseRolloutNodegroupsInputs,
        run: (settings, context) => run(settings, context, dependencies),
    };
}
const rolloutNodegroups = createRolloutNodegroupsAction();


/***/ }),

/***/ 39063:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   t: () => (/* binding */ globToRegExp)
/* harmony export */ });
/** `*` any run of characters, `?` one character; everything else literal; the whole name must match. */
function globToRegExp(pattern) {
    const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    return new RegExp(`^${body}$`);
}


/***/ }),

/***/ 51367:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   J: () => (/* binding */ settleConcurrent),
/* harmony export */   _: () => (/* binding */ mapConcurrent)
/* harmony export */ });
async function mapConcurrent(items, limit, work, options = {}) {
    if (!Number.isInteger(limit) || limit < 1)
        throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
    // Filled, not sparse: an item that never started is an undefined entry that forEach and map still visit.
    const results = Array.from({ length: items.length });
    let next = 0;
    let failure;
    const worker = async () => {
        while (!failure && !options.signal?.aborted && next < items.length) {
            const index = next++;
            try {
                results[index] = await work(items[index], index);
            }
            catch (error) {
                failure ??= { error };
            }
        }
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
    if (failure)
        throw failure.error;
    return results;
}
async function settleConcurrent(items, limit, work, options = {}) {
    return mapConcurrent(items, limit, (item, index) => work(item, index).then((value) => ({ status: 'fulfilled', value }), (reason) => ({ status: 'rejected', reason })), options);
}


/***/ })

};

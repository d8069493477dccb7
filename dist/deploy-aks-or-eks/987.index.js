export const id = 987;
export const ids = [987,27];
export const modules = {

/***/ 34027:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Zn: () => (/* binding */ crlReasonName),
/* harmony export */   certificateStatusInCrl: () => (/* binding */ certificateStatusInCrl),
/* harmony export */   oQ: () => (/* binding */ extensionsOf),
/* harmony export */   parseCrl: () => (/* binding */ parseCrl)
/* harmony export */ });
/* unused harmony exports CrlParseError, crlEntry, crlSignatureVerifies */
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(20423);
/* harmony import */ var _asn1_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54063);
/* harmony import */ var _distinguished_name_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(33206);
/* harmony import */ var _signed_data_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(23343);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(27814);
/* harmony import */ var _core_lru_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(90460);






class CrlParseError extends Error {
    name = 'CrlParseError';
}
const OID = {
    cRLNumber: '2.5.29.20',
    reasonCode: '2.5.29.21',
    invalidityDate: '2.5.29.24',
    deltaCRLIndicator: '2.5.29.27',
    issuingDistributionPoint: '2.5.29.28',
    authorityKeyIdentifier: '2.5.29.35',
    freshestCRL: '2.5.29.46',
};
/** Extensions read or safely ignored: any other one marked critical makes the CRL (or the entry) unusable. */
const KNOWN_CRL_EXTENSIONS = new Set([OID.cRLNumber, OID.authorityKeyIdentifier, OID.issuingDistributionPoint]);
const KNOWN_ENTRY_EXTENSIONS = new Set([OID.reasonCode, OID.invalidityDate]);
const REASONS = [
    'unspecified',
    'keyCompromise',
    'cACompromise',
    'affiliationChanged',
    'superseded',
    'cessationOfOperation',
    'certificateHold',
    undefined, // 7 is not used
    'removeFromCRL',
    'privilegeWithdrawn',
    'aACompromise',
];
/** The name of a CRLReason (RFC 5280 §5.3.1, an ENUMERATED), as CRL entries and OCSP answers give it. */
function crlReasonName(element) {
    const code = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(element, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.enumerated, 'a CRLReason ENUMERATED').content;
    // Go reads any value; an unassigned code still marks the certificate revoked.
    return (code.length === 1 ? REASONS[code[0]] : undefined) ?? `reason code 0x${code.toString('hex')}`;
}
/** Extensions ::= SEQUENCE OF Extension, each with its OID, criticality and undecoded value (CRLs, CRL entries, OCSP). */
function extensionsOf(element) {
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(element, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence, 'Extensions')).map((extension) => {
        const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(extension, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence, 'an Extension'));
        const oid = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeOid */ .FK)(fields[0]);
        const critical = fields.length === 3 ? (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(fields[1], _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.boolean, 'critical').content[0] !== 0 : false;
        const value = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(fields[fields.length - 1], _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.octetString, 'extnValue').content;
        return { oid, critical, value };
    });
}
function entryOf(element) {
    const [serial, revocationDate, extensionsElement, ...rest] = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(element, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence, 'a revoked certificate entry'));
    if (rest.length > 0 || !serial || !revocationDate)
        throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('a revoked certificate entry has the wrong number of fields');
    const extensions = extensionsElement ? extensionsOf(extensionsElement) : [];
    let reason;
    let invalidityDate;
    for (const extension of extensions) {
        // Only the extensions read here are decoded: Go passes over the value of any other that is not critical.
        if (extension.oid === OID.reasonCode) {
            reason = crlReasonName((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .readSingleElement */ .dD)(extension.value));
        }
        else if (extension.oid === OID.invalidityDate) {
            invalidityDate = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeTime */ .A4)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .readSingleElement */ .dD)(extension.value), _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.generalizedTime, 'an invalidity date GeneralizedTime'));
        }
    }
    return { revokedAt: (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeTime */ .A4)(revocationDate), reason, invalidityDate, extensions };
}
/** The key of an entry: its serial number's content octets, which DER (and Go, which refuses the CRL otherwise) keeps minimal. */
function serialKeyOf(entry) {
    const serial = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .readElement */ .RN)(entry.content), _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.integer, "a revoked certificate's serial number").content;
    if (serial.length === 0 || (serial.length > 1 && ((serial[0] === 0 && serial[1] < 0x80) || (serial[0] === 0xff && serial[1] >= 0x80)))) {
        throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('a revoked certificate serial number is not minimally encoded');
    }
    return serial.toString('hex');
}
/**
 * The entry `crl` has for `serialNumber`, decoded on demand (the first, if it lists the number twice). Only this entry
 * is decoded, so a malformed entry of another certificate goes unnoticed, where Go refuses the whole CRL.
 */
function crlEntry(crl, serialNumber) {
    const element = crl.entries.get((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .integerContent */ .sM)(serialNumber).toString('hex'));
    return element && entryOf(element);
}
/**
 * Parsed CRLs by the bytes downloaded: the fetcher hands every image of a batch the same bytes object, so a CRL (which
 * can run to megabytes) is parsed once per run, not once per image.
 */
const parsedCrls = new WeakMap();
/** Parses a DER CertificateList; throws CrlParseError saying what is wrong. The same bytes object gives the same result. */
function parseCrl(der) {
    return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_5__/* .remembered */ .HK)(parsedCrls, der, parseCrlUncached);
}
function parseCrlUncached(der) {
    try {
        const [tbsElement, signatureAlgorithm, signatureValue, ...extra] = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .readSingleElement */ .dD)(Buffer.from(der)), _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence, 'a CertificateList'));
        if (extra.length > 0 || !tbsElement || !signatureAlgorithm || !signatureValue)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('a CertificateList has three fields');
        const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(tbsElement, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence, 'a TBSCertList'));
        // version is v2 (1) when present; v1 CRLs leave it out.
        if (fields[0]?.tag === _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.integer) {
            const version = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeInteger */ .RR)(fields.shift());
            if (version !== 1n)
                throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4(`unsupported CRL version ${version + 1n}`);
        }
        const [innerAlgorithm, issuer, thisUpdate] = fields.splice(0, 3);
        if (!innerAlgorithm || !issuer || !thisUpdate)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('truncated TBSCertList');
        // Go refuses a CRL whose signed algorithm differs from the one outside the signature; so does drydock.
        if (!innerAlgorithm.encoded.equals(signatureAlgorithm.encoded))
            throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('the signed and the outer signature algorithms differ');
        const nextUpdate = fields[0] && (fields[0].tag === _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.utcTime || fields[0].tag === _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.generalizedTime) ? (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeTime */ .A4)(fields.shift()) : undefined;
        const entries = new Map();
        if (fields[0]?.tag === _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence) {
            for (const element of (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)(fields.shift())) {
                const key = serialKeyOf((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(element, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.sequence, 'a revoked certificate entry'));
                if (!entries.has(key))
                    entries.set(key, element);
            }
        }
        const extensionsWrapper = fields.shift();
        if (extensionsWrapper && extensionsWrapper.tag !== (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .contextTag */ .qA)(0, true))
            throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('unexpected field in TBSCertList');
        if (fields.length > 0)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('trailing fields in TBSCertList');
        const extensions = extensionsWrapper ? extensionsOf((0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .childrenOf */ .LU)(extensionsWrapper)[0]) : [];
        const bitString = (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .expectTag */ .yi)(signatureValue, _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DER_TAG */ .pJ.bitString, 'the signature BIT STRING').content;
        if (bitString[0] !== 0)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_0__/* .DerError */ .I4('the signature BIT STRING has unused bits');
        return {
            rawIssuer: issuer.encoded,
            issuer: (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_2__/* .formatName */ .nD)((0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_2__/* .certificateNameOf */ .ci)(_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .ASN1Obj */ .lA.parseBuffer(Buffer.from(issuer.encoded)))),
            thisUpdate: (0,_der_js__WEBPACK_IMPORTED_MODULE_0__/* .decodeTime */ .A4)(thisUpdate),
            nextUpdate,
            tbs: tbsElement.encoded,
            signatureAlgorithm,
            signature: bitString.subarray(1),
            entries,
            extensions,
        };
    }
    catch (error) {
        throw new CrlParseError(`not a valid DER CRL (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)})`);
    }
}
/** Outcomes of CRL signature checks by CRL and key (both the memoized objects), so a batch checks each once. */
const verifiedWith = new WeakMap();
/** Verifies the CRL's signature with `key` (see signed-data.ts for the algorithms). */
function crlSignatureVerifies(crl, key) {
    return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_5__/* .rememberedPair */ .nc)(verifiedWith, crl, key, () => (0,_signed_data_js__WEBPACK_IMPORTED_MODULE_3__/* .signedDataVerifies */ .Y)(crl.signatureAlgorithm, crl.tbs, crl.signature, key));
}
/** What `crl`, fetched from one of `certificate`'s distribution points, says about it. */
function certificateStatusInCrl(crl, certificate, issuer, options) {
    const unknown = (reason) => ({ status: 'unknown', reason });
    // Go's RevocationList.CheckSignatureFrom: the signer must be a CA, allowed to sign CRLs when it has key usage at all.
    if (!issuer.basicConstraints?.ca)
        return unknown(`its issuer "${issuer.subject}" is not a CA, so it cannot sign a CRL`);
    if (issuer.keyUsage && !issuer.keyUsage.usages.has('cRLSign'))
        return unknown(`its issuer "${issuer.subject}" may not sign CRLs (no cRLSign key usage)`);
    if (!crl.rawIssuer.equals(certificate.rawIssuer))
        return unknown(`the CRL is issued by "${crl.issuer}", not by the certificate's issuer "${certificate.issuer}"`);
    if (!crlSignatureVerifies(crl, issuer.publicKey))
        return unknown(`the CRL's signature does not verify with the key of "${issuer.subject}"`);
    // RFC 5280 has CAs always set nextUpdate, and notation refuses a CRL without one: nothing says until when it holds.
    if (!crl.nextUpdate)
        return unknown('the CRL has no nextUpdate, so it cannot be known to be current');
    if (options.now.getTime() > crl.nextUpdate.getTime()) {
        return unknown(`the CRL expired: its nextUpdate ${crl.nextUpdate.toISOString()} has passed`);
    }
    for (const extension of crl.extensions) {
        if (extension.oid === OID.freshestCRL || extension.oid === OID.deltaCRLIndicator)
            return unknown('delta CRLs are not supported');
        if (extension.critical && !KNOWN_CRL_EXTENSIONS.has(extension.oid))
            return unknown(`the CRL has an unsupported critical extension ${extension.oid}`);
    }
    const entry = crlEntry(crl, certificate.serialNumber);
    if (!entry)
        return { status: 'good' };
    const unsupported = entry.extensions.find((extension) => extension.critical && !KNOWN_ENTRY_EXTENSIONS.has(extension.oid));
    if (unsupported)
        return unknown(`the CRL entry has an unsupported critical extension ${unsupported.oid}`);
    if (options.signingTime && entry.invalidityDate && options.signingTime.getTime() < entry.invalidityDate.getTime())
        return { status: 'good' };
    return { status: 'revoked', entry };
}


/***/ }),

/***/ 37987:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   buildOcspRequest: () => (/* binding */ buildOcspRequest),
/* harmony export */   certificateStatusInOcsp: () => (/* binding */ certificateStatusInOcsp),
/* harmony export */   parseOcspResponse: () => (/* binding */ parseOcspResponse)
/* harmony export */ });
/* unused harmony export OcspParseError */
/* harmony import */ var _certificates_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(26138);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(20423);
/* harmony import */ var _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(42220);
/* harmony import */ var _crl_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(34027);
/* harmony import */ var _signed_data_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(23343);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(27814);
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(43723);







class OcspParseError extends Error {
    name = 'OcspParseError';
}
const OID = {
    basicResponse: '1.3.6.1.5.5.7.48.1.1',
    ocspSigning: '1.3.6.1.5.5.7.3.9',
    invalidityDate: '2.5.29.24',
};
/** The hash a response's CertID uses, when it is one accepted there: SHA-1 (what requests carry) or SHA-256. */
function certIdHash(oid) {
    const hash = _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_2__/* .DIGEST_ALGORITHMS */ .MF[oid];
    return hash === 'sha1' || hash === 'sha256' ? hash : undefined;
}
const RESPONSE_STATUSES = {
    1: 'malformedRequest',
    2: 'internalError',
    3: 'tryLater',
    5: 'sigRequired',
    6: 'unauthorized',
};
/** The subjectPublicKey bits of a certificate's key: what a CertID's issuerKeyHash hashes. */
function subjectPublicKeyBits(certificate) {
    const spki = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .readSingleElement */ .dD)(certificate.publicKey.export({ type: 'spki', format: 'der' }));
    const bits = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(spki)[1], _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.bitString, 'the subjectPublicKey BIT STRING').content;
    return bits.subarray(1);
}
const digest = (hash, data) => (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_6__/* .nodeCrypto */ .S)().createHash(hash).update(data).digest();
/** An OCSPRequest for `certificate` (no nonce, unsigned), as notation's. */
function buildOcspRequest(certificate, issuer) {
    const sha1Identifier = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, Buffer.from('06052b0e03021a', 'hex'), Buffer.from('0500', 'hex'));
    const certId = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, sha1Identifier, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.octetString, digest('sha1', issuer.rawSubject)), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.octetString, digest('sha1', subjectPublicKeyBits(issuer))), (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeInteger */ .lp)(certificate.serialNumber));
    const request = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, certId);
    // OCSPRequest { tbsRequest TBSRequest { requestList SEQUENCE OF Request } }
    return (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .encodeElement */ .r$)(_der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, request)));
}
function singleResponseOf(element) {
    const [certId, certStatus, thisUpdate, ...optional] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(element, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'a SingleResponse'));
    const [hashAlgorithm, issuerNameHash, issuerKeyHash, serial] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(certId, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'a CertID'));
    if (!hashAlgorithm || !issuerNameHash || !issuerKeyHash || !serial || !certStatus || !thisUpdate)
        throw new _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DerError */ .I4('truncated SingleResponse');
    let status;
    if (certStatus.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, false))
        status = { kind: 'good' };
    else if (certStatus.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(2, false))
        status = { kind: 'unknown' };
    else if (certStatus.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(1, true)) {
        const [revocationTime, reasonField] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(certStatus);
        const reason = reasonField ? (0,_crl_js__WEBPACK_IMPORTED_MODULE_3__/* .crlReasonName */ .Zn)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(reasonField, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, true), 'revocationReason'))[0]) : undefined;
        status = { kind: 'revoked', revokedAt: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeGeneralizedTime */ .i1)(revocationTime), reason };
    }
    else
        throw new _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DerError */ .I4('unknown CertStatus');
    let nextUpdate;
    let invalidityDate;
    let criticalExtension;
    for (const field of optional) {
        if (field.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, true))
            nextUpdate = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeGeneralizedTime */ .i1)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(field)[0]);
        else if (field.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(1, true)) {
            const extensions = (0,_crl_js__WEBPACK_IMPORTED_MODULE_3__/* .extensionsOf */ .oQ)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(field)[0]);
            criticalExtension = extensions.find((extension) => extension.critical)?.oid;
            const invalidity = extensions.find((extension) => extension.oid === OID.invalidityDate);
            if (invalidity)
                invalidityDate = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeGeneralizedTime */ .i1)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .readSingleElement */ .dD)(invalidity.value));
        }
        else
            throw new _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DerError */ .I4('unexpected field in SingleResponse');
    }
    return {
        hashAlgorithm: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOid */ .FK)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(hashAlgorithm)[0]),
        issuerNameHash: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOctetString */ .HM)(issuerNameHash),
        issuerKeyHash: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOctetString */ .HM)(issuerKeyHash),
        serialNumber: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeInteger */ .RR)(serial),
        certStatus: status,
        thisUpdate: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeGeneralizedTime */ .i1)(thisUpdate),
        nextUpdate,
        invalidityDate,
        criticalExtension,
    };
}
/** Parses a DER OCSPResponse; throws OcspParseError saying what is wrong. */
function parseOcspResponse(der) {
    try {
        const [statusElement, bytesWrapper] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .readSingleElement */ .dD)(Buffer.from(der)), _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'an OCSPResponse'));
        const status = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(statusElement, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.enumerated, 'the response status').content[0];
        if (status !== 0 || !bytesWrapper)
            return { status, basic: undefined };
        const [responseType, response] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(bytesWrapper, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, true), 'responseBytes'))[0], _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'ResponseBytes'));
        if ((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOid */ .FK)(responseType) !== OID.basicResponse)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DerError */ .I4(`response type ${(0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOid */ .FK)(responseType)} is not the basic OCSP response`);
        const [tbs, signatureAlgorithm, signature, certs] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .readSingleElement */ .dD)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOctetString */ .HM)(response)), _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'a BasicOCSPResponse'));
        if (!tbs || !signatureAlgorithm || !signature)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DerError */ .I4('truncated BasicOCSPResponse');
        const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(tbs, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'ResponseData'));
        if (fields[0]?.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, true))
            fields.shift(); // version, v1 is the only one
        const responses = fields[2];
        const bits = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(signature, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.bitString, 'the signature BIT STRING').content;
        if (bits[0] !== 0)
            throw new _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DerError */ .I4('the signature BIT STRING has unused bits');
        return {
            status,
            basic: {
                tbs: tbs.encoded,
                signatureAlgorithm,
                signature: bits.subarray(1),
                certificates: certs ? (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(certs, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, true), 'certs'))[0]).map((certificate) => certificate.encoded) : [],
                responses: (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(responses, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'the responses')).map(singleResponseOf),
            },
        };
    }
    catch (error) {
        throw new OcspParseError(`not a valid DER OCSP response (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)})`);
    }
}
/** Whether `response` (a SingleResponse) names `certificate` of `issuer`, by serial number and issuer hashes. */
function isAbout(response, certificate, issuer) {
    const hash = certIdHash(response.hashAlgorithm);
    return (hash !== undefined &&
        response.serialNumber === certificate.serialNumber &&
        response.issuerNameHash.equals(digest(hash, issuer.rawSubject)) &&
        response.issuerKeyHash.equals(digest(hash, subjectPublicKeyBits(issuer))));
}
/** The key that must have signed the response: the issuer's, or that of a responder certificate the issuer delegated to. */
function responderKey(basic, issuer, now) {
    const embedded = basic.certificates[0];
    if (!embedded)
        return { key: issuer.publicKey };
    // Go (and so notation) takes an embedded certificate as the responder's, which the issuer's key must have signed: a
    // response the issuer signed that carries the issuer's own certificate passes there only when the issuer is a
    // self-signed root, and so it does here.
    if (Buffer.compare(embedded, issuer.der) === 0) {
        return (0,_certificates_js__WEBPACK_IMPORTED_MODULE_0__/* .isSelfSigned */ .Nl)(issuer) ? { key: issuer.publicKey } : { problem: `it carries its issuer's own certificate as the responder's, which notation refuses too` };
    }
    let responder;
    try {
        responder = (0,_certificates_js__WEBPACK_IMPORTED_MODULE_0__/* .parseCertificate */ .hB)(embedded);
    }
    catch (error) {
        return { problem: `its responder certificate cannot be read (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_5__/* .errorMessage */ .gJ)(error)})` };
    }
    if (!responder.rawIssuer.equals(issuer.rawSubject) || !(0,_certificates_js__WEBPACK_IMPORTED_MODULE_0__/* .signatureVerifiesWith */ .MN)(responder, issuer.publicKey)) {
        return { problem: `its responder certificate "${responder.subject}" was not issued by "${issuer.subject}"` };
    }
    if (!responder.extendedKeyUsage?.purposes.includes(OID.ocspSigning)) {
        return { problem: `its responder certificate "${responder.subject}" lacks the OCSPSigning extended key usage` };
    }
    if (!(0,_certificates_js__WEBPACK_IMPORTED_MODULE_0__/* .isValidAt */ .Ub)(responder, now))
        return { problem: `its responder certificate "${responder.subject}" is not valid now` };
    return { key: responder.publicKey };
}
/** What `response`, from one of `certificate`'s OCSP responders, says about it. */
function certificateStatusInOcsp(response, certificate, issuer, options) {
    const unknown = (reason) => ({ status: 'unknown', reason, responderUnknown: false });
    if (!response.basic)
        return unknown(`the responder refused: ${RESPONSE_STATUSES[response.status] ?? `status ${response.status}`}`);
    const { basic } = response;
    const single = basic.responses.find((candidate) => isAbout(candidate, certificate, issuer));
    if (!single)
        return unknown('the response is not about this certificate');
    if (single.criticalExtension)
        return unknown(`the response has an unsupported critical extension ${single.criticalExtension}`);
    const signer = responderKey(basic, issuer, options.now);
    if ('problem' in signer)
        return unknown(`the response cannot be trusted: ${signer.problem}`);
    if (!(0,_signed_data_js__WEBPACK_IMPORTED_MODULE_4__/* .signedDataVerifies */ .Y)(basic.signatureAlgorithm, basic.tbs, basic.signature, signer.key))
        return unknown("the response's signature does not verify");
    if (!single.nextUpdate)
        return unknown('the response has no nextUpdate, so it cannot be known to be current');
    if (options.now.getTime() > single.nextUpdate.getTime())
        return unknown(`the response expired: its nextUpdate ${single.nextUpdate.toISOString()} has passed`);
    const status = single.certStatus;
    if (status.kind === 'good')
        return { status: 'good' };
    if (status.kind === 'unknown')
        return { status: 'unknown', reason: 'the responder does not know the certificate', responderUnknown: true };
    if (options.signingTime && single.invalidityDate && options.signingTime.getTime() < single.invalidityDate.getTime())
        return { status: 'good' };
    return { status: 'revoked', revokedAt: status.revokedAt, reason: status.reason };
}


/***/ }),

/***/ 23343:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Y: () => (/* binding */ signedDataVerifies)
/* harmony export */ });
/* harmony import */ var _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(42220);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(20423);
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(43723);



/**
 * Signatures over DER structures that node:crypto does not parse itself (CRLs, OCSP responses): the signature
 * algorithm comes as an AlgorithmIdentifier. Algorithms: RSA PKCS #1 v1.5 and ECDSA with SHA-256/384/512, RSASSA-PSS
 * with those hashes (MGF1 with the same hash), Ed25519. SHA-1 and MD5 signatures are refused, as everywhere in drydock.
 */
/** The mask generation function RSASSA-PSS parameters must name (with the signature's own hash). */
const MGF1 = '1.2.840.113549.1.1.8';
/** The hash of an AlgorithmIdentifier naming SHA-256/384/512; undefined for anything else (SHA-1 included). */
function hashOf(identifier) {
    const hash = _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_0__/* .DIGEST_ALGORITHMS */ .MF[(0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOid */ .FK)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(identifier, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'an AlgorithmIdentifier'))[0])];
    return hash === 'sha1' ? undefined : hash;
}
/** Whether `signature` over `data` verifies with `key` under `algorithm` (an AlgorithmIdentifier element). */
function signedDataVerifies(algorithm, data, signature, key) {
    const { constants, verify } = (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_2__/* .nodeCrypto */ .S)();
    try {
        const [oidElement, parameters] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .expectTag */ .yi)(algorithm, _der_js__WEBPACK_IMPORTED_MODULE_1__/* .DER_TAG */ .pJ.sequence, 'an AlgorithmIdentifier'));
        const oid = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOid */ .FK)(oidElement);
        const fixed = _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_0__/* .SIGNATURE_ALGORITHMS */ .a[oid];
        if (fixed)
            return !(0,_algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_0__/* .hasInsecureHash */ .hK)(fixed) && verify(fixed.hash, data, fixed.key === 'rsa' ? { key, padding: constants.RSA_PKCS1_PADDING } : key, signature);
        if (oid !== _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_0__/* .RSASSA_PSS */ .n6 || !parameters)
            return false;
        // RSASSA-PSS-params: [0] hashAlgorithm (default SHA-1), [1] maskGenAlgorithm (default MGF1 with SHA-1),
        // [2] saltLength (default 20), [3] trailerField.
        const fields = new Map((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(parameters).map((field) => [field.tag, (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(field)[0]]));
        const hashField = fields.get((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(0, true));
        const hash = hashField && hashOf(hashField);
        const mgf = fields.get((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(1, true));
        if (!hash || !mgf)
            return false;
        const [mgfOid, mgfHash] = (0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .childrenOf */ .LU)(mgf);
        if ((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeOid */ .FK)(mgfOid) !== MGF1 || !mgfHash || hashOf(mgfHash) !== hash)
            return false;
        const saltField = fields.get((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .contextTag */ .qA)(2, true));
        const saltLength = saltField ? Number((0,_der_js__WEBPACK_IMPORTED_MODULE_1__/* .decodeInteger */ .RR)(saltField)) : 20;
        return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
    catch {
        return false;
    }
}


/***/ })

};

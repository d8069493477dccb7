export const id = 114;
export const ids = [114];
export const modules = {

/***/ 11121:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ASN1TypeError = exports.ASN1ParseError = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
class ASN1ParseError extends Error {
}
exports.ASN1ParseError = ASN1ParseError;
class ASN1TypeError extends Error {
}
exports.ASN1TypeError = ASN1TypeError;


/***/ }),

/***/ 86027:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {

var __webpack_unused_export__;

__webpack_unused_export__ = ({ value: true });
exports.l = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
var obj_1 = __webpack_require__(50990);
Object.defineProperty(exports, "l", ({ enumerable: true, get: function () { return obj_1.ASN1Obj; } }));


/***/ }),

/***/ 84243:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.decodeLength = decodeLength;
exports.encodeLength = encodeLength;
const error_1 = __webpack_require__(11121);
// Decodes the length of a DER-encoded ANS.1 element from the supplied stream.
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-encoded-length-and-value-bytes
function decodeLength(stream) {
    const buf = stream.getUint8();
    // If the most significant bit is UNSET the length is just the value of the
    // byte.
    if ((buf & 0x80) === 0x00) {
        return buf;
    }
    // Otherwise, the lower 7 bits of the first byte indicate the number of bytes
    // that follow to encode the length.
    const byteCount = buf & 0x7f;
    // Ensure the encoded length can safely fit in a JS number.
    if (byteCount > 6) {
        throw new error_1.ASN1ParseError('length exceeds 6 byte limit');
    }
    // Iterate over the bytes that encode the length.
    let len = 0;
    for (let i = 0; i < byteCount; i++) {
        const byte = stream.getUint8();
        // The first byte of a multi-byte length must not be zero; a leading zero
        // means the length could have been encoded in fewer bytes (non-minimal).
        if (i === 0 && byte === 0x00) {
            throw new error_1.ASN1ParseError('non-minimal length encoding');
        }
        len = len * 256 + byte;
    }
    // This is a valid ASN.1 length encoding, but we don't support it.
    if (len === 0) {
        throw new error_1.ASN1ParseError('indefinite length encoding not supported');
    }
    // Lengths less than 128 must use the short form; rejecting them here ensures
    // the encoding is minimal (strict DER).
    if (len < 128) {
        throw new error_1.ASN1ParseError('non-minimal length encoding');
    }
    return len;
}
// Translates the supplied value to a DER-encoded length.
function encodeLength(len) {
    if (len < 128) {
        return Buffer.from([len]);
    }
    // Bitwise operations on large numbers are not supported in JS, so we need to
    // use BigInts.
    let val = BigInt(len);
    const bytes = [];
    while (val > 0n) {
        bytes.unshift(Number(val & 255n));
        val = val >> 8n;
    }
    return Buffer.from([0x80 | bytes.length, ...bytes]);
}


/***/ }),

/***/ 50990:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ASN1Obj = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const stream_1 = __webpack_require__(1673);
const error_1 = __webpack_require__(11121);
const length_1 = __webpack_require__(84243);
const parse_1 = __webpack_require__(81044);
const tag_1 = __webpack_require__(59343);
class ASN1Obj {
    tag;
    subs;
    value;
    constructor(tag, value, subs) {
        this.tag = tag;
        this.value = value;
        this.subs = subs;
    }
    // Constructs an ASN.1 object from a Buffer of DER-encoded bytes.
    static parseBuffer(buf) {
        const stream = new stream_1.ByteStream(buf);
        const obj = parseStream(stream);
        // Ensure the entire buffer was consumed; trailing data after the top-level
        // object indicates a malformed (or maliciously padded) encoding.
        if (stream.position !== stream.length) {
            throw new error_1.ASN1ParseError('invalid trailing data');
        }
        return obj;
    }
    toDER() {
        const valueStream = new stream_1.ByteStream();
        if (this.subs.length > 0) {
            for (const sub of this.subs) {
                valueStream.appendView(sub.toDER());
            }
        }
        else {
            valueStream.appendView(this.value);
        }
        const value = valueStream.buffer;
        // Concat tag/length/value
        const obj = new stream_1.ByteStream();
        obj.appendChar(this.tag.toDER());
        obj.appendView((0, length_1.encodeLength)(value.length));
        obj.appendView(value);
        return obj.buffer;
    }
    /////////////////////////////////////////////////////////////////////////////
    // Convenience methods for parsing ASN.1 primitives into JS types
    // Returns the ASN.1 object's value as a boolean. Throws an error if the
    // object is not a boolean.
    toBoolean() {
        if (!this.tag.isBoolean()) {
            throw new error_1.ASN1TypeError('not a boolean');
        }
        return (0, parse_1.parseBoolean)(this.value);
    }
    // Returns the ASN.1 object's value as a BigInt. Throws an error if the
    // object is not an integer.
    toInteger() {
        if (!this.tag.isInteger()) {
            throw new error_1.ASN1TypeError('not an integer');
        }
        return (0, parse_1.parseInteger)(this.value);
    }
    // Returns the ASN.1 object's value as an OID string. Throws an error if the
    // object is not an OID.
    toOID() {
        if (!this.tag.isOID()) {
            throw new error_1.ASN1TypeError('not an OID');
        }
        return (0, parse_1.parseOID)(this.value);
    }
    // Returns the ASN.1 object's value as a Date. Throws an error if the object
    // is not either a UTCTime or a GeneralizedTime.
    toDate() {
        switch (true) {
            case this.tag.isUTCTime():
                return (0, parse_1.parseTime)(this.value, true);
            case this.tag.isGeneralizedTime():
                return (0, parse_1.parseTime)(this.value, false);
            default:
                throw new error_1.ASN1TypeError('not a date');
        }
    }
    // Returns the ASN.1 object's value as a number[] where each number is the
    // value of a bit in the bit string. Throws an error if the object is not a
    // bit string.
    toBitString() {
        if (!this.tag.isBitString()) {
            throw new error_1.ASN1TypeError('not a bit string');
        }
        return (0, parse_1.parseBitString)(this.value);
    }
}
exports.ASN1Obj = ASN1Obj;
/////////////////////////////////////////////////////////////////////////////
// Internal stream parsing functions
// Maximum nesting depth for parsed ASN.1 objects. Bounds the mutual recursion
// between parseStream and collectSubs so that deeply nested DER cannot exhaust
// the call stack (denial of service).
const MAX_DEPTH = 100;
function parseStream(stream, depth = 0) {
    if (depth > MAX_DEPTH) {
        throw new error_1.ASN1ParseError('maximum nesting depth exceeded');
    }
    // Parse tag, length, and value from stream
    const tag = new tag_1.ASN1Tag(stream.getUint8());
    const len = (0, length_1.decodeLength)(stream);
    const value = stream.slice(stream.position, len);
    const start = stream.position;
    let subs = [];
    // If the object is constructed, parse its children. Sometimes, children
    // are embedded in OCTESTRING objects, so we need to check those
    // for children as well.
    if (tag.constructed) {
        subs = collectSubs(stream, len, depth);
    }
    else if (tag.isOctetString()) {
        // Attempt to parse children of OCTETSTRING objects. If anything fails,
        // assume the object is not constructed and treat as primitive. This is
        // intentional: it transparently unwraps DER content embedded in an OCTET
        // STRING (e.g. X.509 extnValue, CMS eContent). The error is swallowed
        // because a parse failure simply means the bytes are an opaque primitive
        // value rather than a nested structure.
        try {
            subs = collectSubs(stream, len, depth);
        }
        catch (e) {
            // Fail silently and treat as primitive
        }
    }
    // If there are no children, move stream cursor to the end of the object
    if (subs.length === 0) {
        stream.seek(start + len);
    }
    return new ASN1Obj(tag, value, subs);
}
function collectSubs(stream, len, depth) {
    // Calculate end of object content
    const end = stream.position + len;
    // Make sure there are enough bytes left in the stream. This should never
    // happen, cause it'll get caught when the stream is sliced in parseStream.
    // Leaving as an extra check just in case.
    /* istanbul ignore if */
    if (end > stream.length) {
        throw new error_1.ASN1ParseError('invalid length');
    }
    // Parse all children
    const subs = [];
    while (stream.position < end) {
        subs.push(parseStream(stream, depth + 1));
    }
    // When we're done parsing children, we should be at the end of the object
    if (stream.position !== end) {
        throw new error_1.ASN1ParseError('invalid length');
    }
    return subs;
}


/***/ }),

/***/ 81044:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.parseInteger = parseInteger;
exports.parseStringASCII = parseStringASCII;
exports.parseTime = parseTime;
exports.parseOID = parseOID;
exports.parseBoolean = parseBoolean;
exports.parseBitString = parseBitString;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const error_1 = __webpack_require__(11121);
const RE_TIME_SHORT_YEAR = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{3})?Z$/;
const RE_TIME_LONG_YEAR = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d{3})?Z$/;
// Parse a BigInt from the DER-encoded buffer
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-integer
function parseInteger(buf) {
    let pos = 0;
    const end = buf.length;
    let val = buf[pos];
    const neg = val > 0x7f;
    // Consume any padding bytes
    const pad = neg ? 0xff : 0x00;
    while (val == pad && ++pos < end) {
        val = buf[pos];
    }
    // Calculate remaining bytes to read
    const len = end - pos;
    if (len === 0)
        return BigInt(neg ? -1 : 0);
    // Handle two's complement for negative numbers
    val = neg ? val - 256 : val;
    // Parse remaining bytes
    let n = BigInt(val);
    for (let i = pos + 1; i < end; ++i) {
        n = n * BigInt(256) + BigInt(buf[i]);
    }
    return n;
}
// Parse an ASCII string from the DER-encoded buffer
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-basic-types#boolean
function parseStringASCII(buf) {
    return buf.toString('ascii');
}
// Parse a Date from the DER-encoded buffer
// https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5.1
function parseTime(buf, shortYear) {
    const timeStr = parseStringASCII(buf);
    // Parse the time string into matches - captured groups start at index 1
    const m = shortYear
        ? RE_TIME_SHORT_YEAR.exec(timeStr)
        : RE_TIME_LONG_YEAR.exec(timeStr);
    if (!m) {
        throw new Error('invalid time');
    }
    // Translate dates with a 2-digit year to 4 digits per the spec
    if (shortYear) {
        let year = Number(m[1]);
        year += year >= 50 ? 1900 : 2000;
        m[1] = year.toString();
    }
    // Translate to ISO8601 format and parse
    return new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z`);
}
// Parse an OID from the DER-encoded buffer
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-object-identifier
function parseOID(buf) {
    let pos = 0;
    const end = buf.length;
    // Consume first byte which encodes the first two OID components
    let n = buf[pos++];
    const first = Math.floor(n / 40);
    const second = n % 40;
    let oid = `${first}.${second}`;
    // Consume remaining bytes. Use a BigInt accumulator so that arcs which
    // exceed 32 bits are not silently truncated (a truncated arc could be made
    // to collide with a trusted OID).
    let val = 0n;
    for (; pos < end; ++pos) {
        n = buf[pos];
        val = (val << 7n) + BigInt(n & 0x7f);
        // If the left-most bit is NOT set, then this is the last byte in the
        // sequence and we can add the value to the OID and reset the accumulator
        if ((n & 0x80) === 0) {
            oid += `.${val}`;
            val = 0n;
        }
    }
    return oid;
}
// Parse a boolean from the DER-encoded buffer
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-basic-types#boolean
function parseBoolean(buf) {
    // DER requires a BOOLEAN to be a single byte that is either 0x00 (false) or
    // 0xff (true). Reject any other (non-canonical) encoding.
    if (buf.length !== 1) {
        throw new error_1.ASN1ParseError('invalid boolean');
    }
    switch (buf[0]) {
        case 0x00:
            return false;
        case 0xff:
            return true;
        default:
            throw new error_1.ASN1ParseError('invalid boolean');
    }
}
// Parse a bit string from the DER-encoded buffer
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-bit-string
function parseBitString(buf) {
    // First byte tell us how many unused bits are in the last byte
    const unused = buf[0];
    // The number of unused bits must be in the range 0-7.
    if (unused > 7) {
        throw new error_1.ASN1ParseError('invalid bit string');
    }
    const start = 1;
    const end = buf.length;
    const bits = [];
    for (let i = start; i < end; ++i) {
        const byte = buf[i];
        // The skip value is only used for the last byte
        const skip = i === end - 1 ? unused : 0;
        // Iterate over each bit in the byte (most significant first)
        for (let j = 7; j >= skip; --j) {
            // Read the bit and add it to the bit string
            bits.push((byte >> j) & 0x01);
        }
    }
    return bits;
}


/***/ }),

/***/ 59343:
/***/ ((__unused_webpack_module, exports, __webpack_require__) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ASN1Tag = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
const error_1 = __webpack_require__(11121);
const UNIVERSAL_TAG = {
    BOOLEAN: 0x01,
    INTEGER: 0x02,
    BIT_STRING: 0x03,
    OCTET_STRING: 0x04,
    OBJECT_IDENTIFIER: 0x06,
    SEQUENCE: 0x10,
    SET: 0x11,
    PRINTABLE_STRING: 0x13,
    UTC_TIME: 0x17,
    GENERALIZED_TIME: 0x18,
};
const TAG_CLASS = {
    UNIVERSAL: 0x00,
    APPLICATION: 0x01,
    CONTEXT_SPECIFIC: 0x02,
    PRIVATE: 0x03,
};
// https://learn.microsoft.com/en-us/windows/win32/seccertenroll/about-encoded-tag-bytes
class ASN1Tag {
    number;
    constructed;
    class;
    constructor(enc) {
        // Bits 0 through 4 are the tag number
        this.number = enc & 0x1f;
        // Bit 5 is the constructed bit
        this.constructed = (enc & 0x20) === 0x20;
        // Bit 6 & 7 are the class
        this.class = enc >> 6;
        if (this.number === 0x1f) {
            throw new error_1.ASN1ParseError('long form tags not supported');
        }
        if (this.class === TAG_CLASS.UNIVERSAL && this.number === 0x00) {
            throw new error_1.ASN1ParseError('unsupported tag 0x00');
        }
    }
    isUniversal() {
        return this.class === TAG_CLASS.UNIVERSAL;
    }
    isContextSpecific(num) {
        const res = this.class === TAG_CLASS.CONTEXT_SPECIFIC;
        return num !== undefined ? res && this.number === num : res;
    }
    isBoolean() {
        return this.isUniversal() && this.number === UNIVERSAL_TAG.BOOLEAN;
    }
    isInteger() {
        return this.isUniversal() && this.number === UNIVERSAL_TAG.INTEGER;
    }
    isBitString() {
        return this.isUniversal() && this.number === UNIVERSAL_TAG.BIT_STRING;
    }
    isOctetString() {
        return this.isUniversal() && this.number === UNIVERSAL_TAG.OCTET_STRING;
    }
    isOID() {
        return (this.isUniversal() && this.number === UNIVERSAL_TAG.OBJECT_IDENTIFIER);
    }
    isUTCTime() {
        return this.isUniversal() && this.number === UNIVERSAL_TAG.UTC_TIME;
    }
    isGeneralizedTime() {
        return this.isUniversal() && this.number === UNIVERSAL_TAG.GENERALIZED_TIME;
    }
    toDER() {
        return this.number | (this.constructed ? 0x20 : 0x00) | (this.class << 6);
    }
}
exports.ASN1Tag = ASN1Tag;


/***/ }),

/***/ 1673:
/***/ ((__unused_webpack_module, exports) => {


Object.defineProperty(exports, "__esModule", ({ value: true }));
exports.ByteStream = void 0;
/*
Copyright 2023 The Sigstore Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/
class StreamError extends Error {
}
class ByteStream {
    static BLOCK_SIZE = 1024;
    buf;
    view;
    start = 0;
    constructor(buffer) {
        if (buffer) {
            this.buf = buffer;
            this.view = Buffer.from(buffer);
        }
        else {
            this.buf = Buffer.alloc(0);
            this.view = Buffer.from(this.buf);
        }
    }
    get buffer() {
        return this.view.subarray(0, this.start);
    }
    get length() {
        return this.view.byteLength;
    }
    get position() {
        return this.start;
    }
    seek(position) {
        this.start = position;
    }
    // Returns a Buffer containing the specified number of bytes starting at the
    // given start position.
    slice(start, len) {
        const end = start + len;
        if (end > this.length) {
            throw new StreamError('request past end of buffer');
        }
        return this.view.subarray(start, end);
    }
    appendChar(char) {
        this.ensureCapacity(1);
        this.view[this.start] = char;
        this.start += 1;
    }
    appendUint16(num) {
        this.ensureCapacity(2);
        const value = new Uint16Array([num]);
        const view = new Uint8Array(value.buffer);
        this.view[this.start] = view[1];
        this.view[this.start + 1] = view[0];
        this.start += 2;
    }
    appendUint24(num) {
        this.ensureCapacity(3);
        const value = new Uint32Array([num]);
        const view = new Uint8Array(value.buffer);
        this.view[this.start] = view[2];
        this.view[this.start + 1] = view[1];
        this.view[this.start + 2] = view[0];
        this.start += 3;
    }
    appendView(view) {
        this.ensureCapacity(view.length);
        this.view.set(view, this.start);
        this.start += view.length;
    }
    getBlock(size) {
        if (size <= 0) {
            return Buffer.alloc(0);
        }
        if (this.start + size > this.view.length) {
            throw new Error('request past end of buffer');
        }
        const result = this.view.subarray(this.start, this.start + size);
        this.start += size;
        return result;
    }
    getUint8() {
        return this.getBlock(1)[0];
    }
    getUint16() {
        const block = this.getBlock(2);
        return (block[0] << 8) | block[1];
    }
    ensureCapacity(size) {
        if (this.start + size > this.view.byteLength) {
            const blockSize = ByteStream.BLOCK_SIZE + (size > ByteStream.BLOCK_SIZE ? size : 0);
            this.realloc(this.view.byteLength + blockSize);
        }
    }
    realloc(size) {
        const newArray = Buffer.alloc(size);
        const newView = Buffer.from(newArray);
        // Copy the old buffer into the new one
        newView.set(this.view);
        this.buf = newArray;
        this.view = newView;
    }
}
exports.ByteStream = ByteStream;


/***/ }),

/***/ 87184:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   FT: () => (/* binding */ createEcrClientLazily),
/* harmony export */   eb: () => (/* binding */ parseImages),
/* harmony export */   kG: () => (/* binding */ parseRegistryEndpoint),
/* harmony export */   xc: () => (/* binding */ openImageRegistries)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(24305);
/* harmony import */ var _oci_endpoint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(806);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(92474);




/** `images`: newline- or comma-separated references, each with a tag or a digest (a bare name would mean `latest`). */
function parseImages(inputs, name = 'images') {
    const texts = inputs.list(name);
    if (texts.length === 0) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`Input '${name}' is required. List the images, one per line, such as '123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1.2.3'.`);
    }
    return texts.map((text) => {
        const reference = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseImageReference */ .o_)(text, name);
        if (reference.tag === undefined && reference.digest === undefined) {
            throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(name, text, 'names neither a tag nor a digest', `Add :<tag> or @sha256:<digest>, such as '${text}:1.2.3'; drydock does not assume 'latest'`);
        }
        return { text, reference };
    });
}
/**
 * `registry-endpoint`: the base URL requests go to instead of the images' registry host (a VPC endpoint, a local
 * mirror, the loopback testbed). One endpoint cannot stand for two registries, so all images must share one.
 * The URL's own rules (plain HTTP only to loopback hosts, no credentials) are parseRegistryBaseUrl's.
 */
function parseRegistryEndpoint(inputs, images, name = 'registry-endpoint') {
    const value = inputs.optional(name);
    if (value === undefined)
        return undefined;
    const url = (0,_oci_endpoint_js__WEBPACK_IMPORTED_MODULE_1__/* .parseRegistryBaseUrl */ .F)(name, value);
    const registries = [...new Set(images.map((image) => image.reference.registry))];
    if (registries.length > 1) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(name, value, `would apply to images of ${registries.length} registries (${registries.join(', ')})`, 'Sign or verify the images of each registry in a step of its own');
    }
    return url;
}
/** ECR registries get an ECR token (masked) for their own account and region; others are read anonymously. */
async function credentialsFor(registry, clients, context) {
    const ecr = (0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseEcrRegistry */ .d_)(registry);
    if (!ecr)
        return { kind: 'anonymous' };
    const { loginToRegistry } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(637), __webpack_require__.e(367)]).then(__webpack_require__.bind(__webpack_require__, 47637));
    const login = await loginToRegistry(await clients.ecr(ecr.region), ecr.accountId, context.secrets);
    return { kind: 'basic-token', token: login.basicToken };
}
/** One client per registry named by the images, keyed by the logical registry host. */
async function openImageRegistries(images, endpoint, clients, context) {
    const registries = [...new Set(images.map((image) => image.reference.registry))];
    const opened = await Promise.all(registries.map(async (registry) => {
        const client = clients.registry({
            registry: endpoint?.host ?? registry,
            credentials: await credentialsFor(registry, clients, context),
            insecureHttp: endpoint?.protocol === 'http:',
            clock: context.clock,
            logger: context.logger,
            userAgent: _core_version_js__WEBPACK_IMPORTED_MODULE_3__/* .USER_AGENT */ ._,
            secrets: context.secrets,
        });
        return [registry, client];
    }));
    return new Map(opened);
}
/** The ECR client factory of both actions' defaults: the SDK is imported on first use. */
async function createEcrClientLazily(region) {
    return (await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(637), __webpack_require__.e(367)]).then(__webpack_require__.bind(__webpack_require__, 47637))).createEcrClient(region);
}


/***/ }),

/***/ 23096:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ caseVariantKey)
/* harmony export */ });
/**
 * Go's encoding/json matches an object's keys to struct fields without regard to case, the last match winning; this
 * project reads keys exactly. A document that holds a key differing from a known one only in case ("Level" for
 * "level") can therefore mean one thing to notation and another here, and is refused by the readers that share
 * documents with Go tools.
 */
function caseVariantKey(object, keys) {
    for (const key of Object.keys(object)) {
        const meant = keys.find((known) => known !== key && known.toLowerCase() === key.toLowerCase());
        if (meant !== undefined)
            return { key, meant };
    }
    return undefined;
}


/***/ }),

/***/ 90460:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AB: () => (/* binding */ LruMap),
/* harmony export */   HK: () => (/* binding */ remembered),
/* harmony export */   nc: () => (/* binding */ rememberedPair),
/* harmony export */   xT: () => (/* binding */ rememberedUntilRejected)
/* harmony export */ });
/** A Map that keeps at most `capacity` entries, dropping the least recently used: memoization that cannot grow forever. */
class LruMap {
    capacity;
    entries = new Map();
    constructor(capacity) {
        this.capacity = capacity;
        if (!Number.isInteger(capacity) || capacity < 1)
            throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    get size() {
        return this.entries.size;
    }
    get(key) {
        const value = this.entries.get(key);
        if (value === undefined)
            return undefined;
        // Re-inserting moves the key to the end: Map iterates in insertion order, so the first key is the least recent.
        this.entries.delete(key);
        this.entries.set(key, value);
        return value;
    }
    set(key, value) {
        this.entries.delete(key);
        this.entries.set(key, value);
        if (this.entries.size > this.capacity)
            this.entries.delete(this.entries.keys().next().value);
    }
}
/**
 * The value `cache` holds for `key`, computed and stored on first use: memoization over an LruMap or a WeakMap. A
 * computation that throws stores nothing, so the next call throws again.
 */
function remembered(cache, key, compute) {
    let value = cache.get(key);
    if (value === undefined) {
        value = compute(key);
        cache.set(key, value);
    }
    return value;
}
/**
 * `remembered` for work that may fail: every caller shares the key's pending or fulfilled promise, but one that rejects
 * is forgotten, so a failed attempt (a timeout, a throttled call) is tried afresh by the next caller instead of failing
 * every later one.
 */
function rememberedUntilRejected(cache, key, start) {
    return remembered(cache, key, () => {
        const attempt = start(key);
        attempt.catch(() => {
            if (cache.get(key) === attempt)
                cache.delete(key);
        });
        return attempt;
    });
}
/**
 * `remembered` by two objects, both held weakly: the value for (`first`, `second`), computed on first use. For
 * outcomes that depend on two memoized objects, such as a signature check of a parsed certificate with a parsed key.
 */
function rememberedPair(cache, first, second, compute) {
    let byFirst = cache.get(first);
    if (!byFirst)
        cache.set(first, (byFirst = new WeakMap()));
    return remembered(byFirst, second, compute);
}


/***/ }),

/***/ 42220:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MF: () => (/* binding */ DIGEST_ALGORITHMS),
/* harmony export */   a: () => (/* binding */ SIGNATURE_ALGORITHMS),
/* harmony export */   hK: () => (/* binding */ hasInsecureHash),
/* harmony export */   n6: () => (/* binding */ RSASSA_PSS)
/* harmony export */ });
/**
 * The AlgorithmIdentifier OIDs drydock reads in certificates, CRLs, OCSP responses and timestamp tokens (RFC 3279,
 * 4055, 5758, 8410), in one place for all of them. Each reader decides what it accepts: MD2, MD5 and SHA-1 are named
 * here so that what uses them is refused by name, never verified.
 */
/** Digest algorithm OIDs by the node:crypto name of the hash. */
const DIGEST_ALGORITHMS = {
    '1.3.14.3.2.26': 'sha1',
    '2.16.840.1.101.3.4.2.1': 'sha256',
    '2.16.840.1.101.3.4.2.2': 'sha384',
    '2.16.840.1.101.3.4.2.3': 'sha512',
};
/** Signature algorithm OIDs that fix their hash. RSASSA-PSS names its hash in its parameters: see RSASSA_PSS. */
const SIGNATURE_ALGORITHMS = {
    '1.2.840.113549.1.1.2': { name: 'md2WithRSAEncryption', hash: 'md2', key: 'rsa' },
    '1.2.840.113549.1.1.4': { name: 'md5WithRSAEncryption', hash: 'md5', key: 'rsa' },
    '1.2.840.113549.1.1.5': { name: 'sha1WithRSAEncryption', hash: 'sha1', key: 'rsa' },
    '1.3.14.3.2.29': { name: 'sha1WithRSASignature', hash: 'sha1', key: 'rsa' },
    '1.2.840.10045.4.1': { name: 'ecdsa-with-SHA1', hash: 'sha1', key: 'ec' },
    '1.2.840.10040.4.3': { name: 'dsa-with-sha1', hash: 'sha1', key: 'dsa' },
    '1.2.840.113549.1.1.11': { name: 'sha256WithRSAEncryption', hash: 'sha256', key: 'rsa' },
    '1.2.840.113549.1.1.12': { name: 'sha384WithRSAEncryption', hash: 'sha384', key: 'rsa' },
    '1.2.840.113549.1.1.13': { name: 'sha512WithRSAEncryption', hash: 'sha512', key: 'rsa' },
    '1.2.840.10045.4.3.2': { name: 'ecdsa-with-SHA256', hash: 'sha256', key: 'ec' },
    '1.2.840.10045.4.3.3': { name: 'ecdsa-with-SHA384', hash: 'sha384', key: 'ec' },
    '1.2.840.10045.4.3.4': { name: 'ecdsa-with-SHA512', hash: 'sha512', key: 'ec' },
    '1.3.101.112': { name: 'Ed25519', hash: null, key: 'ed25519' },
};
/** RSASSA-PSS: the hash, mask generation and salt length are in its parameters (RFC 4055 section 3.1). */
const RSASSA_PSS = '1.2.840.113549.1.1.10';
/** MD2, MD5 and SHA-1: no signature drydock accepts may use them. */
function hasInsecureHash(algorithm) {
    return algorithm.hash === 'md2' || algorithm.hash === 'md5' || algorithm.hash === 'sha1';
}


/***/ }),

/***/ 17912:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kc: () => (/* binding */ describeKeySpec),
/* harmony export */   Oo: () => (/* binding */ isJwsAlgorithm),
/* harmony export */   Pe: () => (/* binding */ algorithmForKeySpec),
/* harmony export */   VE: () => (/* binding */ isStrongEnoughKey),
/* harmony export */   kc: () => (/* binding */ publicKeyOf),
/* harmony export */   li: () => (/* binding */ verifyWithAlgorithm),
/* harmony export */   rp: () => (/* binding */ signWithAlgorithm),
/* harmony export */   sg: () => (/* binding */ keySpecOf)
/* harmony export */ });
/* unused harmony export JWS_ALGORITHMS */
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(43723);

const JWS_ALGORITHMS = ['PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'];
const PARAMETERS = {
    PS256: { keySpec: { type: 'RSA', size: 2048 }, hash: 'sha256', digestLength: 32 },
    PS384: { keySpec: { type: 'RSA', size: 3072 }, hash: 'sha384', digestLength: 48 },
    PS512: { keySpec: { type: 'RSA', size: 4096 }, hash: 'sha512', digestLength: 64 },
    ES256: { keySpec: { type: 'EC', size: 256 }, hash: 'sha256', digestLength: 32 },
    ES384: { keySpec: { type: 'EC', size: 384 }, hash: 'sha384', digestLength: 48 },
    ES512: { keySpec: { type: 'EC', size: 521 }, hash: 'sha512', digestLength: 64 },
};
const CURVE_SIZES = {
    prime256v1: 256,
    'P-256': 256,
    secp384r1: 384,
    'P-384': 384,
    secp521r1: 521,
    'P-521': 521,
    secp224r1: 224,
    'P-224': 224,
    secp256k1: 256,
};
function isJwsAlgorithm(value) {
    return typeof value === 'string' && JWS_ALGORITHMS.includes(value);
}
/**
 * The key spec of a public or private key, or undefined for key types the specification does not allow at all
 * (Ed25519, DSA, RSA-PSS-restricted keys, unnamed curves). secp256k1 is reported as EC 256 but is not P-256: it is
 * mapped to undefined so no algorithm accepts it.
 */
function keySpecOf(key) {
    const details = key.asymmetricKeyDetails;
    if (key.asymmetricKeyType === 'rsa' && details?.modulusLength) {
        return { type: 'RSA', size: details.modulusLength };
    }
    if (key.asymmetricKeyType === 'ec' && details?.namedCurve && details.namedCurve !== 'secp256k1') {
        const size = CURVE_SIZES[details.namedCurve];
        return size === undefined ? undefined : { type: 'EC', size };
    }
    return undefined;
}
function describeKeySpec(spec) {
    if (!spec)
        return 'an unsupported';
    return spec.type === 'RSA' ? `RSA ${spec.size}-bit` : `EC P-${spec.size}`;
}
/** The one algorithm allowed for a key spec, or undefined when the key size is not one of the allowed ones. */
function algorithmForKeySpec(spec) {
    if (!spec)
        return undefined;
    return JWS_ALGORITHMS.find((alg) => PARAMETERS[alg].keySpec.type === spec.type && PARAMETERS[alg].keySpec.size === spec.size);
}
/**
 * The minimum strength the specification allows for any certificate in a chain (RSA 2048, EC 256); leaf keys must
 * additionally be one of the exact sizes in PARAMETERS.
 */
function isStrongEnoughKey(spec) {
    if (!spec)
        return false;
    return spec.type === 'RSA' ? spec.size >= 2048 : spec.size >= 256;
}
function rawEcdsaLength(alg) {
    // r||s, each the curve's byte length: P-256 -> 32, P-384 -> 48, P-521 -> 66.
    return 2 * Math.ceil(PARAMETERS[alg].keySpec.size / 8);
}
/** Signs a JWS signing input. ECDSA signatures are raw r||s (RFC 7518 §3.4), not DER. */
function signWithAlgorithm(alg, privateKey, data) {
    const parameters = PARAMETERS[alg];
    const { constants, sign } = (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)();
    if (parameters.keySpec.type === 'EC') {
        return sign(parameters.hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
    }
    return sign(parameters.hash, data, {
        key: privateKey,
        padding: constants.RSA_PKCS1_PSS_PADDING,
        saltLength: parameters.digestLength,
    });
}
/**
 * Verifies a JWS signature. PSS uses salt length = digest length as RFC 7518 §3.5 and the Notary Project
 * specification require; an ECDSA signature must have exactly the raw r||s length of the curve.
 */
function verifyWithAlgorithm(alg, publicKey, data, signature) {
    const parameters = PARAMETERS[alg];
    const { constants, verify } = (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)();
    try {
        if (parameters.keySpec.type === 'EC') {
            if (signature.length !== rawEcdsaLength(alg))
                return false;
            return verify(parameters.hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, signature);
        }
        return verify(parameters.hash, data, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: parameters.digestLength }, signature);
    }
    catch {
        // A key of the wrong type for the algorithm makes node:crypto throw; for the caller that is simply "does not verify".
        return false;
    }
}
/** The public half of a private key, for key/certificate match checks. */
function publicKeyOf(privateKey) {
    return (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)().createPublicKey(privateKey);
}


/***/ }),

/***/ 54063:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   SF: () => (/* binding */ booleanOf),
/* harmony export */   _f: () => (/* binding */ oidOf),
/* harmony export */   cP: () => (/* binding */ integerOf),
/* harmony export */   e4: () => (/* binding */ bitsOf),
/* harmony export */   lA: () => (/* reexport safe */ _sigstore_core_dist_asn1_index_js__WEBPACK_IMPORTED_MODULE_0__.l),
/* harmony export */   nD: () => (/* binding */ sequenceOf),
/* harmony export */   qk: () => (/* binding */ soleElement)
/* harmony export */ });
/* harmony import */ var _sigstore_core_dist_asn1_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(86027);

/**
 * @sigstore/core's ASN.1 parser, from its asn1 folder rather than the package root: the root loads the package's
 * crypto helpers, which load node:crypto when the module graph loads (see core/node-crypto.ts). The parser needs no
 * crypto.
 */

/**
 * Strict reads of @sigstore/core's ASN.1 tree. Its typed getters check a tag's class and number but not the
 * constructed bit, so a BER-constructed BIT STRING or OID would be decoded from the raw bytes of its children; DER
 * (and Go's parser, which notation uses) has no constructed form of these types, so here it is refused. Every reader
 * throws an Error naming `what` on a value of the wrong shape.
 */
function primitive(value, what) {
    if (!value)
        throw new Error(`${what} is missing`);
    if (value.tag.constructed)
        throw new Error(`${what} is constructed; DER encodes it as a primitive`);
    return value;
}
const oidOf = (value, what) => primitive(value, what).toOID();
const booleanOf = (value, what) => primitive(value, what).toBoolean();
const integerOf = (value, what) => primitive(value, what).toInteger();
const bitsOf = (value, what) => primitive(value, what).toBitString();
/** The elements of a SEQUENCE (or SEQUENCE OF); anything else is malformed. */
function sequenceOf(value, what) {
    if (!value || !value.tag.isUniversal() || !value.tag.constructed || value.tag.number !== 0x10)
        throw new Error(`${what} is not a SEQUENCE`);
    return value.subs;
}
/** The one element an ASN.1 wrapper (an extension's OCTET STRING, an EXPLICIT tag) holds; anything else is malformed. */
function soleElement(wrapper, what) {
    if (wrapper.subs.length !== 1)
        throw new Error(`${what} does not hold exactly one ASN.1 value`);
    return wrapper.subs[0];
}


/***/ }),

/***/ 45864:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   e3: () => (/* binding */ AWS_SIGNER_BUNDLED_TRUST_STORES),
/* harmony export */   h_: () => (/* binding */ bundledAwsSignerTrustStore),
/* harmony export */   pA: () => (/* binding */ writeBundledAwsSignerTrustStores)
/* harmony export */ });
/* unused harmony exports AWS_SIGNER_ROOT_COMMERCIAL, AWS_SIGNER_ROOT_GOVCLOUD */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);


const AWS_SIGNER_ROOT_COMMERCIAL = {
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
const AWS_SIGNER_ROOT_GOVCLOUD = {
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
const AWS_SIGNER_BUNDLED_TRUST_STORES = [AWS_SIGNER_ROOT_COMMERCIAL, AWS_SIGNER_ROOT_GOVCLOUD];
/** The bundled store for a signing profile ARN's partition, or undefined for partitions without a known root. */
function bundledAwsSignerTrustStore(partition) {
    return AWS_SIGNER_BUNDLED_TRUST_STORES.find((store) => store.partition === partition);
}
/**
 * Writes the bundled roots in Notation's layout under `trustStoreDir` (x509/signingAuthority/<name>/<name>.pem), so
 * verifyEnvelope can use them like any other store. Existing files of the same name are overwritten. Two small files,
 * written synchronously (see trust-store.ts).
 */
async function writeBundledAwsSignerTrustStores(trustStoreDir) {
    for (const store of AWS_SIGNER_BUNDLED_TRUST_STORES) {
        const directory = node_path__WEBPACK_IMPORTED_MODULE_1__.join(trustStoreDir, 'x509', 'signingAuthority', store.name);
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.mkdirSync)(directory, { recursive: true });
        (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.writeFileSync)(node_path__WEBPACK_IMPORTED_MODULE_1__.join(directory, `${store.name}.pem`), `${store.pem}\n`);
    }
}


/***/ }),

/***/ 66012:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $1: () => (/* binding */ signerArnRegionProblem),
/* harmony export */   Lj: () => (/* binding */ parseSignerArn),
/* harmony export */   Sb: () => (/* binding */ AWS_SIGNER_ATTRIBUTE),
/* harmony export */   Ug: () => (/* binding */ AWS_SIGNER_PROCESSED_ATTRIBUTES),
/* harmony export */   Y: () => (/* binding */ WILDCARD_IDENTITY_MESSAGE),
/* harmony export */   Z_: () => (/* binding */ AWS_SIGNER_PLUGIN_NAME),
/* harmony export */   bc: () => (/* binding */ awsSignerCertificateHashes),
/* harmony export */   by: () => (/* binding */ awsSignerRevocationChecker),
/* harmony export */   gc: () => (/* binding */ AWS_SIGNER_PLUGIN_EMULATED_VERSION),
/* harmony export */   jN: () => (/* binding */ describeRevokedEntities),
/* harmony export */   xt: () => (/* binding */ matchAwsSignerIdentity),
/* harmony export */   zI: () => (/* binding */ AWS_SIGNER_PLATFORM_ID)
/* harmony export */ });
/* unused harmony export NO_MATCHING_IDENTITY_MESSAGE */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(43723);
/* harmony import */ var _core_inputs_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(52164);



/**
 * What the AWS Signer Notation plugin (aws/aws-signer-notation-plugin) does at verification time, implemented here so
 * that AWS Signer signatures verify without installing the plugin: its trusted-identity rules for signing profile
 * ARNs, and revocation through GetRevocationStatus with the certificate hashes it computes. AWS Signer marks its
 * signatures with the critical attribute io.cncf.notary.verificationPlugin naming this plugin.
 */
const AWS_SIGNER_PLUGIN_NAME = 'com.amazonaws.signer.notation.plugin';
/** The plugin version whose behaviour is emulated; signatures demanding a newer minimum version are refused. */
const AWS_SIGNER_PLUGIN_EMULATED_VERSION = '1.0.0';
const AWS_SIGNER_PLATFORM_ID = 'Notation-OCI-SHA384-ECDSA';
const AWS_SIGNER_ATTRIBUTE = {
    signingProfileVersion: 'com.amazonaws.signer.signingProfileVersion',
    signingJob: 'com.amazonaws.signer.signingJob',
    signingProfileAlias: 'com.amazonaws.signer.signingProfileAlias',
};
/** The extended attributes the plugin reports as processed; any other extended attribute fails verification. */
const AWS_SIGNER_PROCESSED_ATTRIBUTES = Object.values(AWS_SIGNER_ATTRIBUTE);
const WILDCARD_IDENTITY_MESSAGE = 'The AWSSigner plugin does not support wildcard identity in the trust policy. List signing profile ARNs (arn:aws:signer:<region>:<account>:/signing-profiles/<name>) as trusted identities instead of "*"';
const NO_MATCHING_IDENTITY_MESSAGE = "Signature publisher doesn't match any trusted identities.";
/**
 * Parses an AWS Signer ARN: `arn:<partition>:signer:<region>:<account>:/signing-profiles/<name>[/<version>]`, or the
 * alias forms `/aliases/<alias>` and `/aliased-signing-profiles/...`. Returns undefined for anything else.
 */
function parseSignerArn(arn) {
    const parts = arn.split(':');
    if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'signer')
        return undefined;
    const [, partition, , region, account] = parts;
    const resource = parts.slice(5).join(':');
    if (!partition || !(0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .isAwsRegion */ .EK)(region) || !/^\d{12}$/.test(account))
        return undefined;
    const segments = resource.split('/');
    // A resource starts with '/', so segments[0] is empty: ['', 'signing-profiles', name(, version)].
    if (segments[0] !== '' || segments.slice(2).some((segment) => !/^[A-Za-z0-9_.-]+$/.test(segment)))
        return undefined;
    const base = { arn, partition, region, account };
    switch (segments[1]) {
        case 'signing-profiles':
            if (segments.length === 3)
                return { ...base, kind: 'signingProfile', name: segments[2], version: undefined };
            if (segments.length === 4)
                return { ...base, kind: 'signingProfileVersion', name: segments[2], version: segments[3] };
            return undefined;
        case 'aliases':
            return segments.length === 3 ? { ...base, kind: 'alias', name: segments[2], version: undefined } : undefined;
        case 'aliased-signing-profiles':
            return segments.length >= 3 ? { ...base, kind: 'aliasedSigningProfile', name: segments[2], version: segments[3] } : undefined;
        default:
            return undefined;
    }
}
/**
 * Why parseSignerArn refused `arn` when only its region is wrong (`REGION` left from a template, a stray space), for
 * messages that would otherwise only say it is not an AWS Signer ARN; undefined otherwise.
 */
function signerArnRegionProblem(arn) {
    const parts = arn.split(':');
    if (parts.length < 6 || parts[0] !== 'arn' || parts[2] !== 'signer' || (0,_core_inputs_js__WEBPACK_IMPORTED_MODULE_1__/* .isAwsRegion */ .EK)(parts[3]))
        return undefined;
    return `its region ${JSON.stringify(parts[3])} is not an AWS region code such as us-east-1`;
}
/**
 * The plugin's trusted-identity rules: a signing profile ARN matches every version of that profile (the signature's
 * profile version ARN minus its last `/segment`), a profile version ARN must equal the signature's, an alias ARN must
 * equal the signature's alias; all comparisons ignore case. Other identities (x509.subject, '*') never match here;
 * the wildcard is refused before matching (see WILDCARD_IDENTITY_MESSAGE).
 */
function matchAwsSignerIdentity(trustedIdentities, signature) {
    const profileVersion = signature.signingProfileVersion.toLowerCase();
    const alias = signature.signingProfileAlias?.toLowerCase();
    for (const identity of trustedIdentities) {
        const parsed = parseSignerArn(identity);
        if (!parsed)
            continue;
        const wanted = identity.toLowerCase();
        let matched = false;
        switch (parsed.kind) {
            case 'alias':
                matched = alias !== undefined && alias === wanted;
                break;
            case 'aliasedSigningProfile':
            case 'signingProfileVersion':
                matched = profileVersion === wanted;
                break;
            case 'signingProfile': {
                const lastSlash = profileVersion.lastIndexOf('/');
                matched = lastSlash !== -1 && profileVersion.slice(0, lastSlash) === wanted;
                break;
            }
        }
        if (matched)
            return { matched: true, identity };
    }
    return { matched: false, reason: NO_MATCHING_IDENTITY_MESSAGE };
}
/**
 * certificateHashes as the plugin sends them: for each certificate, hex(SHA-384(its TBS)) followed by
 * hex(SHA-384(its issuer's TBS)); the root, being its own issuer, repeats its own hash.
 */
function awsSignerCertificateHashes(chain) {
    const hashes = chain.map((certificate) => (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_2__/* .nodeCrypto */ .S)().createHash('sha384').update(certificate.tbs).digest('hex'));
    return hashes.map((hash, index) => hash + (hashes[index + 1] ?? hash));
}
/** The plugin's wording for a non-empty revokedEntities list. */
function describeRevokedEntities(revokedEntities) {
    const resources = revokedEntities.filter((entity) => entity.startsWith('arn'));
    const certificatesRevoked = resources.length < revokedEntities.length;
    let reason = resources.length > 0 ? `Resource(s) ${resources.join(', ')} have been revoked.` : '';
    if (certificatesRevoked)
        reason += 'Certificate(s) have been revoked.';
    return reason;
}
/**
 * A RevocationChecker backed by AWS Signer's GetRevocationStatus. The client decides region and credentials; the
 * call fails closed (a RemoteError), and verification turns that into a revocation failure enforced or logged per
 * the trust policy level.
 */
function awsSignerRevocationChecker(client) {
    return {
        async awsSignerRevocationStatus(query) {
            try {
                // Loaded on first use: most verifications meet no AWS Signer signature, and the SDK adds to every cold start.
                const { GetRevocationStatusCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(935)]).then(__webpack_require__.t.bind(__webpack_require__, 39935, 19));
                const response = await client.send(new GetRevocationStatusCommand({
                    signatureTimestamp: query.signatureTimestamp,
                    platformId: query.platformId,
                    profileVersionArn: query.profileVersionArn,
                    jobArn: query.jobArn,
                    certificateHashes: [...query.certificateHashes],
                }));
                return { revokedEntities: response.revokedEntities ?? [] };
            }
            catch (error) {
                const status = error.$metadata?.httpStatusCode;
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi(`AWS Signer GetRevocationStatus failed: ${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .errorMessage */ .gJ)(error)}`, status, {
                    cause: error,
                });
            }
        },
    };
}


/***/ }),

/***/ 26138:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MN: () => (/* binding */ signatureVerifiesWith),
/* harmony export */   Nl: () => (/* binding */ isSelfSigned),
/* harmony export */   Ub: () => (/* binding */ isValidAt),
/* harmony export */   hB: () => (/* binding */ parseCertificate),
/* harmony export */   jZ: () => (/* binding */ readCertificates),
/* harmony export */   qD: () => (/* binding */ sameCertificate),
/* harmony export */   rh: () => (/* binding */ isIssuedBy),
/* harmony export */   sg: () => (/* binding */ toPem),
/* harmony export */   zU: () => (/* binding */ CertificateParseError)
/* harmony export */ });
/* harmony import */ var _algorithms_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(17912);
/* harmony import */ var _asn1_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(54063);
/* harmony import */ var _der_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(20423);
/* harmony import */ var _distinguished_name_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(33206);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(27814);
/* harmony import */ var _core_lru_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(90460);
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(43723);
/* harmony import */ var _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(42220);








/** KeyUsage bits (RFC 5280 §4.2.1.3) in order: bit 0 is digitalSignature. */
const KEY_USAGE_BITS = [
    'digitalSignature',
    'nonRepudiation',
    'keyEncipherment',
    'dataEncipherment',
    'keyAgreement',
    'keyCertSign',
    'cRLSign',
    'encipherOnly',
    'decipherOnly',
];
class CertificateParseError extends Error {
    name = 'CertificateParseError';
}
const OCSP_ACCESS_METHOD = '1.3.6.1.5.5.7.48.1';
const EXTENSION = {
    keyUsage: '2.5.29.15',
    basicConstraints: '2.5.29.19',
    cRLDistributionPoints: '2.5.29.31',
    extKeyUsage: '2.5.29.37',
    authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
};
/** RSASSA-PSS names its hash in parameters; an absent hashAlgorithm means SHA-1 (RFC 4055 §3.1). */
function pssSignatureAlgorithm(parameters) {
    const hashField = parameters && (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)(parameters, 'RSASSA-PSS-params').find((child) => child.tag.isContextSpecific(0));
    const hash = hashField ? _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_5__/* .DIGEST_ALGORITHMS */ .MF[(0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .oidOf */ ._f)((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(hashField, 'RSASSA-PSS hashAlgorithm'), 'hashAlgorithm')[0], 'the hash algorithm')] : 'sha1';
    return { oid: _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_5__/* .RSASSA_PSS */ .n6, name: hash === 'sha1' ? 'RSASSA-PSS with SHA-1' : 'RSASSA-PSS', insecure: hash === 'sha1' };
}
/** From the certificate's outer signatureAlgorithm (an AlgorithmIdentifier: OID, then optional parameters). */
function signatureAlgorithmOf(algorithmIdentifier) {
    const [oid, parameters] = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)(algorithmIdentifier, 'signatureAlgorithm');
    const algorithm = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .oidOf */ ._f)(oid, 'the signature algorithm');
    if (algorithm === _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_5__/* .RSASSA_PSS */ .n6)
        return pssSignatureAlgorithm(parameters);
    const known = _algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_5__/* .SIGNATURE_ALGORITHMS */ .a[algorithm];
    // An unknown algorithm is not insecure per se, but nothing here can verify it either: issuance checks fail on it.
    return { oid: algorithm, name: known?.name ?? algorithm, insecure: known ? (0,_algorithm_identifiers_js__WEBPACK_IMPORTED_MODULE_5__/* .hasInsecureHash */ .hK)(known) : false };
}
function keyUsagesOf(bits) {
    return new Set(KEY_USAGE_BITS.filter((_, index) => bits[index] === 1));
}
/** BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX) OPTIONAL } */
function basicConstraintsOf(value) {
    const fields = [...(0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)(value, 'BasicConstraints')];
    const ca = fields[0]?.tag.isBoolean() ? (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .booleanOf */ .SF)(fields.shift(), 'cA') : false;
    const pathLengthField = fields.shift();
    if (fields.length > 0)
        throw new Error('BasicConstraints has unexpected fields');
    const pathLength = pathLengthField && (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .integerOf */ .cP)(pathLengthField, 'pathLenConstraint');
    if (pathLength !== undefined && pathLength < 0n)
        throw new Error('pathLenConstraint is negative');
    return { ca, pathLength: pathLength === undefined ? undefined : Number(pathLength) };
}
/**
 * CRLDistributionPoints ::= SEQUENCE OF DistributionPoint { distributionPoint [0] DistributionPointName OPTIONAL, ... },
 * DistributionPointName ::= CHOICE { fullName [0] GeneralNames, ... }: the uniformResourceIdentifier [6] names of every
 * fullName. Points named relative to the CRL issuer hold no URI, and other kinds of names are not fetchable.
 */
function distributionPointUris(value) {
    const uris = [];
    for (const point of (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)(value, 'CRLDistributionPoints')) {
        const name = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)(point, 'DistributionPoint').find((field) => field.tag.isContextSpecific(0));
        const fullName = name && (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(name, 'DistributionPointName').tag.isContextSpecific(0) ? (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(name, 'DistributionPointName') : undefined;
        for (const generalName of fullName?.subs ?? []) {
            if (generalName.tag.isContextSpecific(6) && !generalName.tag.constructed)
                uris.push(generalName.value.toString('latin1'));
        }
    }
    return uris;
}
/** Splits the DER of a Certificate into its TBS, serial number and the raw issuer and subject names. */
function rawParts(der) {
    const certificate = (0,_der_js__WEBPACK_IMPORTED_MODULE_2__/* .readSingleElement */ .dD)(der);
    const [tbsElement] = (0,_der_js__WEBPACK_IMPORTED_MODULE_2__/* .childrenOf */ .LU)(certificate);
    if (!tbsElement || tbsElement.tag !== _der_js__WEBPACK_IMPORTED_MODULE_2__/* .DER_TAG */ .pJ.sequence)
        throw new CertificateParseError('missing TBSCertificate');
    const fields = (0,_der_js__WEBPACK_IMPORTED_MODULE_2__/* .childrenOf */ .LU)(tbsElement);
    // version [0] is optional (absent for v1); then serialNumber, signature, issuer, validity, subject.
    const offset = fields[0]?.tag === (0,_der_js__WEBPACK_IMPORTED_MODULE_2__/* .contextTag */ .qA)(0, true) ? 1 : 0;
    const rawIssuer = fields[offset + 2];
    const rawSubject = fields[offset + 4];
    if (!rawIssuer || !rawSubject)
        throw new CertificateParseError('truncated TBSCertificate');
    return { tbs: tbsElement.encoded, serialNumber: (0,_der_js__WEBPACK_IMPORTED_MODULE_2__/* .decodeInteger */ .RR)(fields[offset]), rawIssuer: rawIssuer.encoded, rawSubject: rawSubject.encoded };
}
/**
 * Parsed certificates by their DER bytes. A batch of signatures from one signer carries the same chain in every
 * envelope, and every verification reads the same trust store: parsing each certificate once per process, rather than
 * once per image, was most of a 20-image verify. The result is a pure function of the bytes and is never mutated.
 */
const parsed = new _core_lru_js__WEBPACK_IMPORTED_MODULE_6__/* .LruMap */ .AB(256);
/** Parses one DER certificate; throws CertificateParseError with the reason. Repeated bytes return the same object. */
function parseCertificate(derInput) {
    const key = Buffer.from(derInput.buffer, derInput.byteOffset, derInput.byteLength).toString('latin1');
    return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_6__/* .remembered */ .HK)(parsed, key, () => parseCertificateUncached(Buffer.from(derInput)));
}
function parseCertificateUncached(der) {
    let x509;
    let certificate;
    let parts;
    let signatureAlgorithm;
    let publicKey;
    let subjectName;
    let issuerName;
    let notBefore;
    let notAfter;
    try {
        x509 = new ((0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_7__/* .nodeCrypto */ .S)().X509Certificate)(der);
        // The getter decodes the key: a corrupt SubjectPublicKeyInfo throws here, so it belongs inside the try.
        publicKey = x509.publicKey;
        // OpenSSL accepts an impossible time (month 13, hour 24) and node:crypto then gives an Invalid Date, against which
        // every validity comparison is false: such a certificate would never be expired. Go refuses it; so does drydock.
        notBefore = x509.validFromDate;
        notAfter = x509.validToDate;
        if (Number.isNaN(notBefore.getTime()) || Number.isNaN(notAfter.getTime())) {
            throw new Error(`its validity period holds an impossible time (from "${x509.validFrom}" to "${x509.validTo}")`);
        }
        // Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }
        certificate = _asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .ASN1Obj */ .lA.parseBuffer(der);
        parts = rawParts(der);
        signatureAlgorithm = signatureAlgorithmOf(certificate.subs[1]);
        subjectName = (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_3__/* .certificateNameOf */ .ci)(_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .ASN1Obj */ .lA.parseBuffer(parts.rawSubject));
        issuerName = (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_3__/* .certificateNameOf */ .ci)(_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .ASN1Obj */ .lA.parseBuffer(parts.rawIssuer));
    }
    catch (error) {
        throw new CertificateParseError(`not a valid X.509 certificate (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)})`);
    }
    let keyUsage;
    let basicConstraints;
    let extendedKeyUsage;
    let crlDistributionPoints = [];
    const ocspServers = [];
    // RFC 5280 §4.2 allows each extension once; Go refuses a certificate that repeats one, and taking either copy would
    // let a certificate show one key usage to one verifier and another to the next.
    const seen = new Set();
    // extensions [3] EXPLICIT Extensions (a SEQUENCE of Extension) close the TBSCertificate, when present.
    const extensions = certificate.subs[0]?.subs.find((field) => field.tag.isContextSpecific(3))?.subs[0]?.subs ?? [];
    for (const extension of extensions) {
        // Extension ::= SEQUENCE { extnID OBJECT IDENTIFIER, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }
        let oid = '(unreadable)';
        try {
            oid = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .oidOf */ ._f)(extension.subs[0], 'extnID');
            if (seen.has(oid))
                throw new CertificateParseError(`certificate extension ${oid} appears more than once; a certificate may hold each extension once`);
            seen.add(oid);
            const critical = extension.subs.length === 3 ? (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .booleanOf */ .SF)(extension.subs[1], 'critical') : false;
            const extnValue = extension.subs[extension.subs.length - 1];
            switch (oid) {
                case EXTENSION.keyUsage:
                    keyUsage = { critical, usages: keyUsagesOf((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .bitsOf */ .e4)((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(extnValue, 'KeyUsage'), 'KeyUsage')) };
                    break;
                case EXTENSION.basicConstraints:
                    basicConstraints = { critical, ...basicConstraintsOf((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(extnValue, 'BasicConstraints')) };
                    break;
                case EXTENSION.extKeyUsage:
                    extendedKeyUsage = { critical, purposes: (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(extnValue, 'ExtKeyUsageSyntax'), 'ExtKeyUsageSyntax').map((purpose) => (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .oidOf */ ._f)(purpose, 'KeyPurposeId')) };
                    break;
                case EXTENSION.cRLDistributionPoints:
                    crlDistributionPoints = distributionPointUris((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(extnValue, 'CRLDistributionPoints'));
                    break;
                case EXTENSION.authorityInfoAccess: {
                    // AuthorityInfoAccessSyntax ::= SEQUENCE OF AccessDescription { accessMethod OID, accessLocation GeneralName }
                    const descriptions = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .soleElement */ .qk)(extnValue, 'AuthorityInfoAccessSyntax'), 'AuthorityInfoAccessSyntax');
                    for (const description of descriptions) {
                        const [method, location] = (0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .sequenceOf */ .nD)(description, 'AccessDescription');
                        if ((0,_asn1_js__WEBPACK_IMPORTED_MODULE_1__/* .oidOf */ ._f)(method, 'accessMethod') !== OCSP_ACCESS_METHOD)
                            continue;
                        // accessLocation is a GeneralName; uniformResourceIdentifier [6] is the only kind that can be queried.
                        if (location?.tag.isContextSpecific(6) && !location.tag.constructed)
                            ocspServers.push(location.value.toString('latin1'));
                    }
                    break;
                }
            }
        }
        catch (error) {
            if (error instanceof CertificateParseError)
                throw error;
            throw new CertificateParseError(`certificate extension ${oid} is malformed (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)})`);
        }
    }
    return {
        der,
        x509,
        subject: (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_3__/* .formatName */ .nD)(subjectName),
        issuer: (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_3__/* .formatName */ .nD)(issuerName),
        subjectName,
        rawSubject: parts.rawSubject,
        rawIssuer: parts.rawIssuer,
        tbs: parts.tbs,
        notBefore,
        notAfter,
        signatureAlgorithm,
        publicKey,
        keySpec: (0,_algorithms_js__WEBPACK_IMPORTED_MODULE_0__/* .keySpecOf */ .sg)(publicKey),
        keyUsage,
        basicConstraints,
        extendedKeyUsage,
        crlDistributionPoints,
        ocspServers,
        serialNumber: parts.serialNumber,
        sha256: (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_7__/* .nodeCrypto */ .S)().createHash('sha256').update(der).digest('hex'),
    };
}
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
/**
 * Reads the certificates of one file, PEM (any number of CERTIFICATE blocks) or DER (one or more concatenated
 * certificates), as trust stores and certificate chain inputs allow both.
 */
function readCertificates(content) {
    const text = content.toString('latin1');
    if (text.includes('-----BEGIN ')) {
        const certificates = [];
        for (const match of text.matchAll(PEM_BLOCK)) {
            if (match[1] !== 'CERTIFICATE') {
                throw new CertificateParseError(`unexpected PEM block '${match[1]}' (only CERTIFICATE blocks are allowed)`);
            }
            certificates.push(parseCertificate(Buffer.from(match[2].replace(/\s+/g, ''), 'base64')));
        }
        if (certificates.length === 0)
            throw new CertificateParseError('no complete PEM CERTIFICATE block found');
        return certificates;
    }
    let elements;
    try {
        elements = (0,_der_js__WEBPACK_IMPORTED_MODULE_2__/* .readConcatenatedElements */ .xv)(content);
    }
    catch (error) {
        throw new CertificateParseError(`neither PEM nor DER certificates (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(error)})`);
    }
    if (elements.length === 0)
        throw new CertificateParseError('the file is empty');
    return elements.map((element) => parseCertificate(element.encoded));
}
/** True when `child`'s issuer name is `parent`'s subject (byte for byte) and `parent`'s key verifies its signature. */
function isIssuedBy(child, parent) {
    return child.rawIssuer.equals(parent.rawSubject) && signatureVerifiesWith(child, parent.publicKey);
}
/**
 * Self-signed means the certificate's own key verifies its signature (and its names match). Names alone are not
 * enough: a leaf can carry its root's subject as issuer and subject, and still be signed by the root's key.
 */
function isSelfSigned(certificate) {
    return isIssuedBy(certificate, certificate);
}
/**
 * Outcomes of signature checks by certificate and key. Both objects are the memoized ones (see `parsed`), so a chain
 * shared by a batch of signatures, and the trust store's self-signature check, are verified once per process.
 */
const verifiedWith = new WeakMap();
/** Verifies the certificate's signature with `publicKey`, refusing insecure algorithms outright. */
function signatureVerifiesWith(certificate, publicKey) {
    if (certificate.signatureAlgorithm.insecure)
        return false;
    return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_6__/* .rememberedPair */ .nc)(verifiedWith, certificate, publicKey, () => {
        try {
            return certificate.x509.verify(publicKey);
        }
        catch {
            return false;
        }
    });
}
function isValidAt(certificate, instant) {
    return instant.getTime() >= certificate.notBefore.getTime() && instant.getTime() <= certificate.notAfter.getTime();
}
function sameCertificate(a, b) {
    return a.der.equals(b.der);
}
function toPem(certificate) {
    const body = certificate.der.toString('base64').replace(/.{1,64}/g, '$&\n');
    return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}


/***/ }),

/***/ 20423:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   A4: () => (/* binding */ decodeTime),
/* harmony export */   FK: () => (/* binding */ decodeOid),
/* harmony export */   HM: () => (/* binding */ decodeOctetString),
/* harmony export */   I4: () => (/* binding */ DerError),
/* harmony export */   LU: () => (/* binding */ childrenOf),
/* harmony export */   RN: () => (/* binding */ readElement),
/* harmony export */   RR: () => (/* binding */ decodeInteger),
/* harmony export */   dD: () => (/* binding */ readSingleElement),
/* harmony export */   dJ: () => (/* binding */ toDer),
/* harmony export */   i1: () => (/* binding */ decodeGeneralizedTime),
/* harmony export */   lp: () => (/* binding */ encodeInteger),
/* harmony export */   pJ: () => (/* binding */ DER_TAG),
/* harmony export */   qA: () => (/* binding */ contextTag),
/* harmony export */   r$: () => (/* binding */ encodeElement),
/* harmony export */   sM: () => (/* binding */ integerContent),
/* harmony export */   xv: () => (/* binding */ readConcatenatedElements),
/* harmony export */   yi: () => (/* binding */ expectTag)
/* harmony export */ });
/**
 * A minimal DER reader for the few places where the original encoded bytes matter and a schema library would re-encode
 * them: the raw issuer/subject names compared during chain building, the TBS bytes hashed for AWS Signer revocation,
 * and the CMS structures of RFC 3161 timestamp tokens (whose signed attributes are verified over their exact bytes).
 * Indefinite lengths (BER) are accepted for constructed values because some timestamp authorities emit them.
 */
const DER_TAG = {
    boolean: 0x01,
    integer: 0x02,
    bitString: 0x03,
    octetString: 0x04,
    null: 0x05,
    oid: 0x06,
    enumerated: 0x0a,
    utf8String: 0x0c,
    sequence: 0x30,
    set: 0x31,
    printableString: 0x13,
    ia5String: 0x16,
    utcTime: 0x17,
    generalizedTime: 0x18,
};
/** Context-specific tag `[n]`, constructed when `constructed` is set (EXPLICIT tags and IMPLICIT constructed types). */
function contextTag(n, constructed) {
    return 0x80 | (constructed ? 0x20 : 0) | n;
}
class DerError extends Error {
    name = 'DerError';
}
/** Reads one element at `offset`; `end` (exclusive) bounds the read. */
function readElement(input, offset = 0, end = input.length) {
    if (offset + 2 > end)
        throw new DerError('truncated ASN.1 element');
    const tag = input[offset];
    if ((tag & 0x1f) === 0x1f)
        throw new DerError('ASN.1 high tag numbers are not supported');
    const constructed = (tag & 0x20) !== 0;
    let cursor = offset + 1;
    const first = input[cursor++];
    if (first === 0x80) {
        if (!constructed)
            throw new DerError('indefinite length on a primitive ASN.1 element');
        const contentStart = cursor;
        while (true) {
            if (cursor + 2 > end)
                throw new DerError('unterminated indefinite-length ASN.1 element');
            if (input[cursor] === 0 && input[cursor + 1] === 0)
                break;
            cursor += readElement(input, cursor, end).encoded.length;
        }
        return {
            tag,
            constructed,
            encoded: input.subarray(offset, cursor + 2),
            content: input.subarray(contentStart, cursor),
        };
    }
    let length = first;
    if (first & 0x80) {
        const count = first & 0x7f;
        if (count === 0 || count > 4)
            throw new DerError('unsupported ASN.1 length encoding');
        if (cursor + count > end)
            throw new DerError('truncated ASN.1 length');
        length = 0;
        for (let i = 0; i < count; i++)
            length = length * 256 + input[cursor++];
    }
    if (cursor + length > end)
        throw new DerError('ASN.1 element longer than its container');
    return {
        tag,
        constructed,
        encoded: input.subarray(offset, cursor + length),
        content: input.subarray(cursor, cursor + length),
    };
}
/** Reads an element that must fill `input` exactly (no trailing bytes). */
function readSingleElement(input) {
    const element = readElement(input);
    if (element.encoded.length !== input.length)
        throw new DerError('trailing bytes after ASN.1 element');
    return element;
}
/** The child elements of a constructed element. */
function childrenOf(element) {
    if (!element.constructed)
        throw new DerError('expected a constructed ASN.1 element');
    const children = [];
    let offset = 0;
    while (offset < element.content.length) {
        const child = readElement(element.content, offset);
        children.push(child);
        offset += child.encoded.length;
    }
    return children;
}
/** Splits a buffer holding several concatenated top-level elements (e.g. DER certificates in one file). */
function readConcatenatedElements(input) {
    const elements = [];
    let offset = 0;
    while (offset < input.length) {
        const element = readElement(input, offset);
        elements.push(element);
        offset += element.encoded.length;
    }
    return elements;
}
function expectTag(element, tag, what) {
    if (!element || element.tag !== tag) {
        throw new DerError(`expected ${what}`);
    }
    return element;
}
function decodeOid(element) {
    expectTag(element, DER_TAG.oid, 'an OBJECT IDENTIFIER');
    const bytes = element.content;
    if (bytes.length === 0)
        throw new DerError('empty OBJECT IDENTIFIER');
    const arcs = [];
    let value = 0n;
    for (const byte of bytes) {
        value = (value << 7n) | BigInt(byte & 0x7f);
        if ((byte & 0x80) === 0) {
            arcs.push(value);
            value = 0n;
        }
    }
    const first = arcs.shift();
    const head = first < 40n ? [0n, first] : first < 80n ? [1n, first - 40n] : [2n, first - 80n];
    return [...head, ...arcs].join('.');
}
function decodeInteger(element) {
    expectTag(element, DER_TAG.integer, 'an INTEGER');
    if (element.content.length === 0)
        throw new DerError('empty INTEGER');
    let value = 0n;
    for (const byte of element.content)
        value = (value << 8n) | BigInt(byte);
    if (element.content[0] & 0x80)
        value -= 1n << BigInt(element.content.length * 8);
    return value;
}
/** The octets of an OCTET STRING, joining the segments of a BER constructed one. */
function decodeOctetString(element) {
    if (element.tag === DER_TAG.octetString)
        return element.content;
    if (element.tag === (DER_TAG.octetString | 0x20)) {
        return Buffer.concat(childrenOf(element).map(decodeOctetString));
    }
    throw new DerError('expected an OCTET STRING');
}
/** GeneralizedTime as RFC 5280 and RFC 3161 use it: UTC ("Z"), optional fractional seconds. */
function decodeGeneralizedTime(element) {
    expectTag(element, DER_TAG.generalizedTime, 'a GeneralizedTime');
    const text = element.content.toString('latin1');
    const match = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d+))?Z$/.exec(text);
    if (!match)
        throw new DerError(`unsupported GeneralizedTime '${text}'`);
    const [, year, month, day, hour, minute, second, fraction] = match;
    const milliseconds = fraction ? Number(`0.${fraction}`) * 1000 : 0;
    return new Date(Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second)) +
        Math.floor(milliseconds));
}
/** An RFC 5280 Time: UTCTime (`YYMMDDHHMMSSZ`, years 1950-2049) or GeneralizedTime. */
function decodeTime(element) {
    if (element.tag === DER_TAG.generalizedTime)
        return decodeGeneralizedTime(element);
    expectTag(element, DER_TAG.utcTime, 'a UTCTime or GeneralizedTime');
    const text = element.content.toString('latin1');
    const match = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(text);
    if (!match)
        throw new DerError(`unsupported UTCTime '${text}'`);
    const [, year, month, day, hour, minute, second] = match.map(Number);
    const date = new Date(Date.UTC(year < 50 ? 2000 + year : 1900 + year, month - 1, day, hour, minute, second));
    // Date.UTC rolls month 13 or hour 24 over into the next period; such a time is malformed, not a later one.
    if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || date.getUTCHours() !== hour || date.getUTCMinutes() !== minute || date.getUTCSeconds() !== second) {
        throw new DerError(`impossible UTCTime '${text}'`);
    }
    return date;
}
/** Encodes one DER element: identifier octet `tag`, definite length, then `contents` in order. */
function encodeElement(tag, ...contents) {
    const body = Buffer.concat(contents);
    const length = body.length;
    let header;
    if (length < 0x80)
        header = Buffer.from([tag, length]);
    else {
        const octets = [];
        for (let rest = length; rest > 0; rest = Math.floor(rest / 256))
            octets.unshift(rest % 256);
        header = Buffer.from([tag, 0x80 | octets.length, ...octets]);
    }
    return Buffer.concat([header, body]);
}
/**
 * `element` with definite, minimal lengths throughout: CMS signs the DER of the signed attributes, which a token may
 * carry in BER. notation converts a token the same way before verifying it (for long-form lengths; it refuses
 * indefinite ones, which this reader accepts). Nothing else changes (a constructed string stays constructed, SET OF
 * members keep their order), so a DER element comes back byte for byte. `tag` replaces the element's own identifier
 * octet (a [0] IMPLICIT SET is signed as a SET).
 */
function toDer(element, tag = element.tag) {
    if (!element.constructed)
        return encodeElement(tag, element.content);
    return encodeElement(tag, ...childrenOf(element).map((child) => toDer(child)));
}
/** The content octets of INTEGER `value` in DER: minimal two's complement. */
function integerContent(value) {
    let length = 1;
    while (value >= 1n << BigInt(8 * length - 1) || value < -(1n << BigInt(8 * length - 1)))
        length++;
    const twosComplement = value < 0n ? (1n << BigInt(8 * length)) + value : value;
    return Buffer.from(twosComplement.toString(16).padStart(2 * length, '0'), 'hex');
}
/** An INTEGER in minimal DER. */
function encodeInteger(value) {
    return encodeElement(DER_TAG.integer, integerContent(value));
}


/***/ }),

/***/ 33206:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B1: () => (/* binding */ distinguishedNameOfCertificateName),
/* harmony export */   Oz: () => (/* binding */ isSubsetDistinguishedName),
/* harmony export */   XU: () => (/* binding */ parseDistinguishedName),
/* harmony export */   ci: () => (/* binding */ certificateNameOf),
/* harmony export */   gG: () => (/* binding */ DistinguishedNameError),
/* harmony export */   nD: () => (/* binding */ formatName)
/* harmony export */ });
/* unused harmony export formatDistinguishedName */
/* harmony import */ var _asn1_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(54063);
/* harmony import */ var _core_lru_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(90460);


const MANDATORY_ATTRIBUTES = ['C', 'ST', 'O'];
/** Policy attribute types notation reads as another: S is stateOrProvinceName, as ST. */
const TYPE_ALIASES = { S: 'ST' };
/** Short names of the attribute types Go's pkix.Name.String prints (which is what the reference matches against). */
const SHORT_NAMES = {
    '2.5.4.3': 'CN',
    '2.5.4.5': 'SERIALNUMBER',
    '2.5.4.6': 'C',
    '2.5.4.7': 'L',
    '2.5.4.8': 'ST',
    '2.5.4.9': 'STREET',
    '2.5.4.10': 'O',
    '2.5.4.11': 'OU',
    '2.5.4.17': 'POSTALCODE',
};
/** The attribute types Go names in a subject; it writes any other as `<oid>=#<hex>`, which notation refuses to match. */
const NAMED_TYPES = new Set(Object.values(SHORT_NAMES));
/** Friendlier names for the other attribute types met in code signing certificates, for messages. */
const OTHER_TYPE_NAMES = {
    '1.2.840.113549.1.9.1': 'emailAddress',
    '0.9.2342.19200300.100.1.1': 'UID',
    '0.9.2342.19200300.100.1.25': 'DC',
    '2.5.4.4': 'surname',
    '2.5.4.12': 'title',
    '2.5.4.15': 'businessCategory',
    '2.5.4.42': 'givenName',
    '1.3.6.1.4.1.311.60.2.1.3': 'jurisdictionCountry',
};
/** Characters RFC 4514 requires escaped in a value: go-ldap's current releases refuse them raw (older ones kept them). */
const RAW_REFUSED = new Set(['"', '<', '>', '\0']);
/** Characters that may follow a backslash as themselves (RFC 4514 `special`, plus the space and the backslash). */
const ESCAPABLE = new Set([' ', '"', '#', '+', ',', ';', '<', '=', '>', '\\']);
class DistinguishedNameError extends Error {
    name = 'DistinguishedNameError';
}
/** The type as notation keys it: as written, except the alias S for ST. Lower-case spellings of Go's names are refused. */
function normalizeType(type, dn) {
    const upper = type.toUpperCase();
    if (type !== upper && (NAMED_TYPES.has(upper) || upper in TYPE_ALIASES)) {
        throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has the attribute type "${type}", which never matches: types are case-sensitive and certificates use "${upper}", so write "${upper}"`);
    }
    return TYPE_ALIASES[type] ?? type;
}
/** Splits on any of the separator characters that is not escaped with a backslash (go-ldap gives quotes no meaning). */
function splitUnescaped(text, separators) {
    const parts = [];
    let current = '';
    for (let i = 0; i < text.length; i++) {
        const char = text[i];
        if (char === '\\' && i + 1 < text.length) {
            current += char + text[i + 1];
            i++;
            continue;
        }
        if (separators.includes(char)) {
            parts.push(current);
            current = '';
            continue;
        }
        current += char;
    }
    parts.push(current);
    return parts;
}
/**
 * Trims the spaces (only those: go-ldap keeps tabs) around an attribute type or value, except a trailing space escaped
 * with a backslash (`O=Acme\\ `), which is part of the value.
 */
function trimSpaces(raw) {
    let end = raw.length;
    while (end > 0 && raw[end - 1] === ' ') {
        let backslashes = 0;
        while (end - 2 - backslashes >= 0 && raw[end - 2 - backslashes] === '\\')
            backslashes++;
        if (backslashes % 2 === 1)
            break;
        end--;
    }
    let start = 0;
    while (start < end && raw[start] === ' ')
        start++;
    return raw.slice(start, end);
}
function unescapeValue(raw, dn) {
    const value = trimSpaces(raw);
    if (value.startsWith('#'))
        throw hexValueError(dn);
    const out = [];
    for (let i = 0; i < value.length; i++) {
        const char = value[i];
        if (char !== '\\') {
            if (RAW_REFUSED.has(char)) {
                const written = char === '\0' ? '\\00' : `\\${char}`;
                throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an unescaped ${char === '\0' ? 'NUL' : `'${char}'`} in a value; RFC 4514 requires it escaped: write ${written}`);
            }
            out.push(...Buffer.from(char, 'utf8'));
            continue;
        }
        const next = value[i + 1];
        if (next === undefined)
            throw new DistinguishedNameError(`distinguished name (DN) "${dn}" ends with a lone escape character`);
        if (ESCAPABLE.has(next)) {
            out.push(...Buffer.from(next, 'utf8'));
            i += 1;
        }
        else if (/^[0-9a-fA-F]{2}$/.test(value.slice(i + 1, i + 3))) {
            out.push(parseInt(value.slice(i + 1, i + 3), 16));
            i += 2;
        }
        else {
            throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has the invalid escape "\\${next}"; escape only a space or one of "#+,;<=>\\, or write a byte as two hex digits, e.g. \\2C`);
        }
    }
    return Buffer.from(out).toString('utf8');
}
function hexValueError(dn) {
    return new DistinguishedNameError(`distinguished name (DN) "${dn}" has a value in hex form ("=#..."), which notation does not support in x509.subject identities; write the value as text`);
}
function parseAttributes(dn) {
    if (dn.trim() === '')
        return [];
    if (dn.includes('=#'))
        throw hexValueError(dn);
    // RDNs are separated by ',' or, as RFC 2253 parsers and notation's go-ldap also accept, ';'.
    return splitUnescaped(dn, ',;').map((rdn) => splitUnescaped(rdn, '+').map((pair) => {
        const separator = pair.indexOf('=');
        if (separator <= 0) {
            throw new DistinguishedNameError(`distinguished name (DN) "${dn}" is not valid, it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum, and follow RFC 4514 standard`);
        }
        const type = trimSpaces(pair.slice(0, separator));
        if (!/^([A-Za-z][A-Za-z0-9-]*|\d+(\.\d+)*)$/.test(type)) {
            throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has an invalid attribute type "${type}"`);
        }
        return { type: normalizeType(type, dn), value: unescapeValue(pair.slice(separator + 1), dn) };
    }));
}
function toMap(rdns, dn) {
    const attributes = new Map();
    for (const rdn of rdns) {
        if (rdn.length > 1) {
            throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has multi-valued RDN attributes, remove multi-valued RDN attributes as they are not supported`);
        }
        for (const { type, value } of rdn) {
            // As notation: an attribute given an empty value counts as not given yet.
            if (attributes.get(type)) {
                throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has duplicate RDN attribute for "${type}", DN can only have unique RDN attributes`);
            }
            attributes.set(type, value);
        }
    }
    return attributes;
}
/**
 * Trust policy DNs already parsed, and certificate names already read as DNs: a batch matches the same few identities
 * against the same leaf for every image. (Failures are not kept; they throw again.)
 */
const parsedNames = new _core_lru_js__WEBPACK_IMPORTED_MODULE_1__/* .LruMap */ .AB(1000);
const certificateNames = new WeakMap();
/** Parses a trust policy DN (the part after `x509.subject:`), enforcing the mandatory attributes. */
function parseDistinguishedName(dn) {
    return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_1__/* .remembered */ .HK)(parsedNames, dn, parseMandatory);
}
function parseMandatory(dn) {
    const attributes = toMap(parseAttributes(dn), dn);
    for (const required of MANDATORY_ATTRIBUTES) {
        if (!attributes.get(required)) {
            throw new DistinguishedNameError(`distinguished name (DN) "${dn}" has no mandatory RDN attribute for "${required}", it must contain 'C', 'ST' (or 'S'), and 'O' RDN attributes at a minimum`);
        }
    }
    return attributes;
}
/** UTF-16 or UTF-32 big-endian code units as text (BMPString, UniversalString). */
function decodeWide(bytes, width) {
    if (bytes.length % width !== 0)
        throw new Error(`a ${width === 2 ? 'BMPString' : 'UniversalString'} has a partial character`);
    const codePoints = [];
    for (let i = 0; i < bytes.length; i += width)
        codePoints.push(width === 2 ? bytes.readUInt16BE(i) : bytes.readUInt32BE(i));
    return String.fromCodePoint(...codePoints);
}
/**
 * An attribute value as text. The string types of X.520 DirectoryString and IA5String are decoded; any other type
 * (no CA puts one in a subject) becomes `#` and the hex of its DER encoding, RFC 4514 §2.4's form, kept as text: it
 * can only equal a policy value that spells out that same text.
 */
function attributeText(value) {
    if (value.tag.isUniversal() && !value.tag.constructed) {
        switch (value.tag.number) {
            case 0x0c: // UTF8String
                return value.value.toString('utf8');
            case 0x12: // NumericString
            case 0x13: // PrintableString
            case 0x14: // TeletexString
            case 0x16: // IA5String
            case 0x1a: // VisibleString
                return value.value.toString('latin1');
            case 0x1c:
                return decodeWide(value.value, 4);
            case 0x1e:
                return decodeWide(value.value, 2);
        }
    }
    return `#${value.toDER().toString('hex')}`;
}
/** Name ::= SEQUENCE OF RelativeDistinguishedName (a SET OF AttributeTypeAndValue { type OID, value ANY }). */
function certificateNameOf(name) {
    return name.subs.map((rdn) => {
        if (rdn.subs.length === 0)
            throw new Error('a name has an empty RDN');
        return rdn.subs.map((attribute) => {
            if (attribute.subs.length !== 2)
                throw new Error('a name attribute is not a type and a value');
            return { type: (0,_asn1_js__WEBPACK_IMPORTED_MODULE_0__/* .oidOf */ ._f)(attribute.subs[0], 'an attribute type'), value: attributeText(attribute.subs[1]) };
        });
    });
}
function rdnsOfName(name) {
    return name.map((rdn) => rdn.map(({ type, value }) => ({ type: SHORT_NAMES[type] ?? type, value })));
}
/** Attributes Go's pkix.Name holds one value of, the last one in the certificate: a repeat of them is not an error. */
const LAST_VALUE_WINS = new Set(['CN', 'SERIALNUMBER']);
/**
 * A certificate name as attribute map, as notation sees it: it matches against Go's pkix.Name.String(), which flattens
 * multi-valued RDNs (OU=Eng+CN=Builder is OU=Eng and CN=Builder) and keeps only the last CN and SERIALNUMBER. Any other
 * repeated attribute (two O or OU values) still throws: Go prints those as one multi-valued RDN, which notation refuses.
 */
function distinguishedNameOfCertificateName(name) {
    return (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_1__/* .remembered */ .HK)(certificateNames, name, readCertificateName);
}
function readCertificateName(name) {
    const attributes = rdnsOfName(name).flat();
    // Go writes any other attribute type as "<oid>=#<hex>" in the subject notation parses, and notation refuses any
    // subject with "=#" in it: no x509.subject identity can match such a certificate there, so none does here.
    const unnamed = attributes.find((attribute) => !NAMED_TYPES.has(attribute.type));
    if (unnamed) {
        const friendly = OTHER_TYPE_NAMES[unnamed.type];
        throw new DistinguishedNameError(`it has the attribute ${unnamed.type}${friendly ? ` (${friendly})` : ''}, and notation matches x509.subject identities only against subjects made of CN, SERIALNUMBER, C, L, ST, STREET, O, OU and POSTALCODE; sign with a certificate whose subject has only those`);
    }
    const hexLooking = attributes.find((attribute) => attribute.value.includes('=#'));
    if (hexLooking) {
        throw new DistinguishedNameError(`its ${hexLooking.type} value contains "=#", which notation reads as a hex value and refuses; sign with a certificate whose subject values do not`);
    }
    const kept = attributes.filter((attribute, index) => !LAST_VALUE_WINS.has(attribute.type) || !attributes.slice(index + 1).some((later) => later.type === attribute.type));
    return toMap(kept.map((attribute) => [attribute]), formatName(name));
}
/** True when every attribute of `subset` has the same value in `superset`. */
function isSubsetDistinguishedName(subset, superset) {
    for (const [type, value] of subset) {
        if ((superset.get(type) ?? '') !== value)
            return false;
    }
    return true;
}
function escapeValue(value) {
    return value
        .replace(/([\\,+"<>;=])/g, '\\$1')
        .replace(/^([ #])/, '\\$1')
        .replace(/ $/, '\\ ');
}
/** RFC 4514 text of a certificate name, most specific RDN first (the order Go and OpenSSL's RFC 2253 mode print). */
function formatName(name) {
    return rdnsOfName(name)
        .reverse()
        .map((rdn) => rdn.map(({ type, value }) => `${type}=${escapeValue(value)}`).join('+'))
        .join(',');
}
function formatDistinguishedName(dn) {
    return [...dn].map(([type, value]) => `${type}=${escapeValue(value)}`).join(',');
}


/***/ }),

/***/ 57669:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BC: () => (/* binding */ validateTrustPolicy),
/* harmony export */   D0: () => (/* binding */ X509_SUBJECT_PREFIX),
/* harmony export */   F3: () => (/* binding */ parseArtifactReference),
/* harmony export */   GS: () => (/* binding */ parseTrustPolicy),
/* harmony export */   XF: () => (/* binding */ mapTrustPolicyStatements),
/* harmony export */   bs: () => (/* binding */ WILDCARD),
/* harmony export */   cx: () => (/* binding */ requireStatementFor),
/* harmony export */   e: () => (/* binding */ selectTrustPolicyStatement),
/* harmony export */   qM: () => (/* binding */ TRUST_POLICY_FILE_NAMES),
/* harmony export */   xn: () => (/* binding */ isValidatedTrustPolicy)
/* harmony export */ });
/* unused harmony exports TRUST_STORE_TYPES, loadTrustPolicyFile */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27814);
/* harmony import */ var _core_json_keys_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(23096);
/* harmony import */ var _oci_reference_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(92474);
/* harmony import */ var _aws_signer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(66012);
/* harmony import */ var _distinguished_name_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(33206);
/* harmony import */ var _verification_level_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(87626);








const TRUST_STORE_TYPES = ['ca', 'signingAuthority', 'tsa'];
const WILDCARD = '*';
const X509_SUBJECT_PREFIX = 'x509.subject';
const STORE_NAME = /^[a-zA-Z0-9_.-]+$/;
const TRUST_POLICY_DOCS = 'https://notaryproject.dev/docs/user-guides/how-to/manage-trust-policy/';
// Registry grammar of the distribution reference (as notation uses it for scopes), written so that no string can be
// matched in two ways: JavaScript's backtracking engine takes exponential time on ambiguous patterns (Go's is linear,
// so notation never noticed). Repositories are checked by the image reference parser's own grammar (isRepositoryPath).
const DOMAIN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?$/;
function policyError(source, problem, fix) {
    return new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Trust policy ${source}: ${problem}. ${fix}.`);
}
/**
 * The policies validateTrustPolicy returned, and those derived from them: what verifyEnvelope uses without validating.
 * Membership, not shape: a JSON document with `source` and `statements` keys is still a document.
 */
const validatedPolicies = new WeakSet();
function validated(policy) {
    validatedPolicies.add(policy);
    return policy;
}
/** Whether `value` is a policy validateTrustPolicy returned (or mapTrustPolicyStatements derived from one). */
function isValidatedTrustPolicy(value) {
    return typeof value === 'object' && value !== null && validatedPolicies.has(value);
}
/** A validated policy with each statement replaced by `change(statement)`: for settings that override a policy's own. */
function mapTrustPolicyStatements(policy, change) {
    if (!isValidatedTrustPolicy(policy))
        throw new TypeError('mapTrustPolicyStatements: not a trust policy validateTrustPolicy returned');
    return validated({ ...policy, statements: policy.statements.map(change) });
}
/** Parses and validates trust policy JSON text. */
function parseTrustPolicy(text, source) {
    let document;
    try {
        document = JSON.parse(text);
    }
    catch (error) {
        throw policyError(source, `is not valid JSON (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(error)})`, `Fix the JSON syntax; the format is described at ${TRUST_POLICY_DOCS}`);
    }
    return validateTrustPolicy(document, source);
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Refuses a key that differs from one of `keys` only in case: `{"level": "skip", "Level": "strict"}` is strict for notation. */
function refuseCaseVariants(object, keys, where, source) {
    const variant = (0,_core_json_keys_js__WEBPACK_IMPORTED_MODULE_7__/* .caseVariantKey */ .P)(object, keys);
    if (variant) {
        const { key, meant } = variant;
        throw policyError(source, `${where} has the key "${key}", which differs from "${meant}" only in case`, `Spell it "${meant}": keys are case-sensitive, and notation would read it as "${meant}"`);
    }
}
function stringList(value, source, what) {
    if (value === undefined || value === null)
        return undefined;
    if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
        throw policyError(source, `${what} must be a list of strings`, 'Write it as a JSON array of strings');
    }
    return value;
}
/** notation's file names in its configuration directory, newest first. */
const TRUST_POLICY_FILE_NAMES = ['trustpolicy.oci.json', 'trustpolicy.json'];
/**
 * Reads and validates a trust policy file. A path to a directory means notation's configuration directory: its
 * trustpolicy.oci.json is used, else its trustpolicy.json. Symbolic links are refused, as notation refuses them (the
 * policy decides what is trusted; a link could point it somewhere its owner does not control). Read synchronously, as
 * trust stores are (trust-store.ts).
 */
async function loadTrustPolicyFile(policyPath) {
    let file = policyPath;
    let stats = lstatOrUndefined(file);
    if (stats?.isDirectory()) {
        for (const name of TRUST_POLICY_FILE_NAMES) {
            const candidate = path.join(policyPath, name);
            const candidateStats = lstatOrUndefined(candidate);
            if (candidateStats) {
                file = candidate;
                stats = candidateStats;
                break;
            }
        }
        if (file === policyPath) {
            throw policyError(policyPath, `has neither ${TRUST_POLICY_FILE_NAMES.join(' nor ')}`, `Create one; see ${TRUST_POLICY_DOCS}`);
        }
    }
    if (!stats)
        throw policyError(file, 'does not exist', `Create it, or fix the path; see ${TRUST_POLICY_DOCS}`);
    if (stats.isSymbolicLink())
        throw policyError(file, 'is a symbolic link, which is not supported', 'Replace it with a regular file');
    if (!stats.isFile())
        throw policyError(file, 'is not a regular file', 'Point to the trust policy JSON file');
    let text;
    try {
        text = readFileSync(file, 'utf8');
    }
    catch (error) {
        throw policyError(file, `cannot be read (${error.message})`, 'Check its permissions');
    }
    return parseTrustPolicy(text, file);
}
/** The file's lstat, or undefined when it cannot be had (missing, or a path through something that is not a directory). */
function lstatOrUndefined(file) {
    try {
        return lstatSync(file);
    }
    catch {
        return undefined;
    }
}
/** Validates a parsed trust policy document. */
function validateTrustPolicy(document, source) {
    if (!isObject(document)) {
        throw policyError(source, 'the document is not a JSON object', 'Write {"version": "1.0", "trustPolicies": [...]}');
    }
    refuseCaseVariants(document, ['version', 'trustPolicies'], 'the document', source);
    const version = document['version'];
    if (version === undefined || version === '') {
        throw policyError(source, '"version" is missing', 'Set "version": "1.0"');
    }
    if (version !== '1.0') {
        throw policyError(source, `version ${JSON.stringify(version)} is not supported`, 'Set "version": "1.0"');
    }
    const rawStatements = document['trustPolicies'];
    if (rawStatements !== undefined && !Array.isArray(rawStatements)) {
        throw policyError(source, '"trustPolicies" must be a list of statements', 'Write "trustPolicies": [ {...}, ... ]');
    }
    if (!rawStatements || rawStatements.length === 0) {
        throw policyError(source, '"trustPolicies" has no statements', 'Add at least one trust policy statement');
    }
    const names = new Set();
    const statements = rawStatements.map((raw, index) => {
        const statement = validateStatement(raw, index, source);
        if (names.has(statement.name)) {
            throw policyError(source, `statement name "${statement.name}" is used by more than one statement`, 'Statement names must be unique; rename or remove the duplicate');
        }
        names.add(statement.name);
        return statement;
    });
    validateScopesAcrossStatements(statements, source);
    return validated({ source, statements });
}
function validateStatement(raw, index, source) {
    if (!isObject(raw)) {
        throw policyError(source, `trustPolicies[${index}] is not an object`, 'Each statement is an object with name, registryScopes, signatureVerification, trustStores and trustedIdentities');
    }
    refuseCaseVariants(raw, ['name', 'registryScopes', 'signatureVerification', 'trustStores', 'trustedIdentities'], `trustPolicies[${index}]`, source);
    const name = raw['name'];
    if (typeof name !== 'string' || name === '') {
        throw policyError(source, `trustPolicies[${index}] has no "name"`, 'Give every statement a unique name');
    }
    const label = `statement "${name}"`;
    const verification = raw['signatureVerification'];
    if (isObject(verification))
        refuseCaseVariants(verification, ['level', 'override', 'verifyTimestamp'], `signatureVerification of ${label}`, source);
    if (!isObject(verification) || verification['level'] === undefined || verification['level'] === '') {
        throw policyError(source, `${label} has no signatureVerification.level`, 'Set "signatureVerification": {"level": "strict"} (or permissive, audit, skip)');
    }
    const level = verification['level'];
    if (!(0,_verification_level_js__WEBPACK_IMPORTED_MODULE_6__/* .isVerificationLevelName */ .N1)(level)) {
        throw policyError(source, `${label} has unknown signatureVerification level ${JSON.stringify(level)}`, 'Use strict, permissive, audit or skip');
    }
    // null is no override, as it is for notation.
    const override = verification['override'] ?? undefined;
    if (override !== undefined && !isObject(override)) {
        throw policyError(source, `${label} has a signatureVerification.override that is not an object`, 'Write it as {"revocation": "skip"}');
    }
    let actions;
    try {
        actions = (0,_verification_level_js__WEBPACK_IMPORTED_MODULE_6__/* .resolveValidationActions */ .LC)(level, override);
    }
    catch (error) {
        if (error instanceof _verification_level_js__WEBPACK_IMPORTED_MODULE_6__/* .LevelOverrideError */ .Fg)
            throw policyError(source, `${label}: ${error.problem}`, error.fix);
        throw error;
    }
    // Absent, null or empty is the default, "always", as notation reads it.
    const timestampOption = verification['verifyTimestamp'];
    const verifyTimestamp = timestampOption === undefined || timestampOption === null || timestampOption === '' ? 'always' : timestampOption;
    if (verifyTimestamp !== 'always' && verifyTimestamp !== 'afterCertExpiry') {
        throw policyError(source, `${label} has signatureVerification.verifyTimestamp ${JSON.stringify(verifyTimestamp)}`, 'Use "always" or "afterCertExpiry"');
    }
    const rawStores = stringList(raw['trustStores'], source, `"trustStores" of ${label}`) ?? [];
    const identities = stringList(raw['trustedIdentities'], source, `"trustedIdentities" of ${label}`) ?? [];
    const scopes = stringList(raw['registryScopes'], source, `"registryScopes" of ${label}`) ?? [];
    let trustStores = [];
    if (level === 'skip') {
        if (rawStores.length > 0 || identities.length > 0) {
            throw policyError(source, `${label} is set to skip signature verification but lists trust stores and/or trusted identities`, 'Remove "trustStores" and "trustedIdentities", or choose another level');
        }
    }
    else {
        if (rawStores.length === 0 || identities.length === 0) {
            throw policyError(source, `${label} is missing trust stores or trusted identities`, 'Both "trustStores" and "trustedIdentities" must list at least one value');
        }
        trustStores = rawStores.map((value) => parseTrustStoreReference(value, label, source));
        validateTrustedIdentities(identities, label, source);
    }
    validateScopes(scopes, label, source);
    return { name, registryScopes: scopes, level, actions, verifyTimestamp, trustStores, trustedIdentities: identities };
}
function parseTrustStoreReference(value, label, source) {
    const separator = value.indexOf(':');
    if (separator === -1) {
        throw policyError(source, `${label} has malformed trust store value "${value}"`, 'Use <type>:<name>, e.g. "ca:acme-rockets" or "signingAuthority:aws-signer-ts"');
    }
    const type = value.slice(0, separator);
    const name = value.slice(separator + 1);
    if (!TRUST_STORE_TYPES.includes(type)) {
        throw policyError(source, `${label} uses unsupported trust store type "${type}" in "${value}"`, 'Use ca, signingAuthority or tsa');
    }
    if (!STORE_NAME.test(name)) {
        throw policyError(source, `${label} uses trust store name "${name}" in "${value}", which is not allowed`, "Store names may use only letters, digits, '_', '.' and '-'");
    }
    if (name === '.' || name === '..') {
        // path.join would resolve them to x509/<type> or x509 itself: a store of every certificate file lying there.
        throw policyError(source, `${label} uses trust store name "${name}" in "${value}", which names no store directory`, `Use the name of a directory under x509/${type}`);
    }
    return { type: type, name };
}
function validateTrustedIdentities(identities, label, source) {
    if (identities.length > 1 && identities.includes(WILDCARD)) {
        throw policyError(source, `${label} mixes the wildcard trusted identity '*' with other values`, "Use '*' alone, or list specific identities");
    }
    const subjects = [];
    for (const identity of identities) {
        if (identity === '') {
            throw policyError(source, `${label} has an empty trusted identity`, 'Remove it, or write "x509.subject:<DN>" or a signing profile ARN');
        }
        if (identity === WILDCARD)
            continue;
        const separator = identity.indexOf(':');
        if (separator === -1) {
            throw policyError(source, `${label} has trusted identity "${identity}" without a type prefix`, 'Write "x509.subject:<DN>" or an AWS Signer signing profile ARN');
        }
        const prefix = identity.slice(0, separator);
        const value = identity.slice(separator + 1);
        if (prefix === X509_SUBJECT_PREFIX) {
            if (value === '') {
                throw policyError(source, `${label} has trusted identity "${identity}" without a distinguished name`, 'Write "x509.subject:CN=...,O=...,ST=...,C=..."');
            }
            try {
                subjects.push({ identity, dn: (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_5__/* .parseDistinguishedName */ .XU)(value) });
            }
            catch (error) {
                if (error instanceof _distinguished_name_js__WEBPACK_IMPORTED_MODULE_5__/* .DistinguishedNameError */ .gG) {
                    throw policyError(source, `${label} has trusted identity "${identity}" with an invalid distinguished name: ${error.message}`, 'Write an RFC 4514 DN with at least C, ST and O, e.g. "x509.subject:CN=Builder,O=Acme,ST=WA,C=US"');
                }
                throw error;
            }
        }
        else if (prefix === 'arn' && !(0,_aws_signer_js__WEBPACK_IMPORTED_MODULE_4__/* .parseSignerArn */ .Lj)(identity)) {
            const region = (0,_aws_signer_js__WEBPACK_IMPORTED_MODULE_4__/* .signerArnRegionProblem */ .$1)(identity);
            throw policyError(source, `${label} has trusted identity "${identity}", which is not an AWS Signer ARN${region ? ` (${region})` : ''}`, 'Use arn:aws:signer:<region>:<account>:/signing-profiles/<name>, optionally followed by /<version>');
        }
    }
    for (const a of subjects) {
        for (const b of subjects) {
            if (a !== b && (0,_distinguished_name_js__WEBPACK_IMPORTED_MODULE_5__/* .isSubsetDistinguishedName */ .Oz)(a.dn, b.dn)) {
                throw policyError(source, `${label} has overlapping x509 trusted identities "${a.identity}" and "${b.identity}"`, 'Remove one of them: the broader one already trusts every signer the narrower one does');
            }
        }
    }
}
/** Checks one scope's grammar; returns the problem, or undefined when the scope is a fully qualified repository. */
function registryScopeProblem(scope) {
    if (scope.includes('*'))
        return 'contains a wildcard; only the scope "*" on its own is allowed';
    const slash = scope.indexOf('/');
    const lastSegment = scope.slice(scope.lastIndexOf('/') + 1);
    if (scope.includes('@') || (slash !== -1 && lastSegment.includes(':')))
        return 'names a tag or digest; scopes are repositories without tag or digest';
    if (slash === -1)
        return 'is not fully qualified; it needs a registry host and a repository (an image name or tag alone is not a scope)';
    const domain = scope.slice(0, slash);
    const repository = scope.slice(slash + 1);
    if (!DOMAIN.test(domain) || !(0,_oci_reference_js__WEBPACK_IMPORTED_MODULE_3__/* .isRepositoryPath */ .og)(repository))
        return 'is not a valid <registry>/<repository>';
    return undefined;
}
function validateScopes(scopes, label, source) {
    if (scopes.length === 0) {
        throw policyError(source, `${label} has no registry scopes`, 'List fully qualified repositories (registry.example.com/team/app) or "*"');
    }
    // notation refuses a scope listed twice, in one statement as across statements.
    const repeated = scopes.find((scope, index) => scopes.indexOf(scope) !== index);
    if (repeated !== undefined) {
        throw policyError(source, `${label} lists registry scope "${repeated}" more than once`, 'List each scope once');
    }
    if (scopes.length > 1 && scopes.includes(WILDCARD)) {
        throw policyError(source, `${label} mixes the wildcard registry scope '*' with other scopes`, "Use '*' alone in its own statement");
    }
    for (const scope of scopes) {
        if (scope === WILDCARD)
            continue;
        const problem = registryScopeProblem(scope);
        if (problem) {
            throw policyError(source, `${label} has registry scope "${scope}", which ${problem}`, 'Write scopes as <registry>/<repository> without scheme, tag or digest, e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com/app"');
        }
    }
}
function validateScopesAcrossStatements(statements, source) {
    const owner = new Map();
    for (const statement of statements) {
        for (const scope of statement.registryScopes) {
            const previous = owner.get(scope);
            if (previous !== undefined) {
                if (scope === WILDCARD) {
                    throw policyError(source, `statements "${previous}" and "${statement.name}" both use the global scope '*'`, 'Keep one global statement');
                }
                throw policyError(source, `registry scope "${scope}" appears in statements "${previous}" and "${statement.name}"`, 'A scope can belong to one statement only; remove it from one of them');
            }
            owner.set(scope, statement.name);
        }
    }
}
/** Splits `registry/repository@sha256:...`; a tag-only reference is refused (verification needs the digest). */
function parseArtifactReference(reference) {
    const at = reference.lastIndexOf('@');
    if (at === -1) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Artifact reference "${reference}" has no digest. Verification needs <registry>/<repository>@<digest>; resolve the tag to its digest first.`);
    }
    let repository = reference.slice(0, at);
    const digest = reference.slice(at + 1);
    // registry/repo:tag@digest names the digest; the tag is informational.
    const lastSegment = repository.slice(repository.lastIndexOf('/') + 1);
    if (lastSegment.includes(':'))
        repository = repository.slice(0, repository.length - lastSegment.length + lastSegment.indexOf(':'));
    if (!/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest) || registryScopeProblem(repository)) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`Artifact reference "${reference}" is not a fully qualified <registry>/<repository>@<digest> reference. Write it like registry.example.com/app@sha256:<64 hex digits>.`);
    }
    return { repository, digest };
}
/** The statement that applies to a reference: the one naming its repository, else the global '*' statement. */
function selectTrustPolicyStatement(policy, reference) {
    return requireStatementFor(policy, parseArtifactReference(reference).repository, `artifact "${reference}"`);
}
/**
 * The statement that applies to `repository` (`<registry>/<repository>`): the one whose scopes name it, else the one
 * with the global scope. Throws when none does, naming `what` (the artifact, or the image as the user wrote it), so an
 * action can refuse an image no statement covers before it fetches anything.
 */
function requireStatementFor(policy, repository, what) {
    const exact = policy.statements.find((statement) => statement.registryScopes.includes(repository));
    const global = policy.statements.find((statement) => statement.registryScopes.includes(WILDCARD));
    const selected = exact ?? global;
    if (!selected) {
        throw policyError(policy.source, `${what} has no applicable oci trust policy statement`, `Add a statement whose registryScopes include "${repository}", or a statement with the global scope "*"`);
    }
    return selected;
}


/***/ }),

/***/ 10578:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   G7: () => (/* binding */ loadTrustStoresOfType),
/* harmony export */   Kl: () => (/* binding */ loadTrustStore),
/* harmony export */   aw: () => (/* binding */ TrustStoreCache),
/* harmony export */   jr: () => (/* binding */ trustStorePath)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(27814);
/* harmony import */ var _core_lru_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(90460);
/* harmony import */ var _certificates_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(26138);





/**
 * Trust stores in Notation's layout: `<trustStoreDir>/x509/<ca|signingAuthority|tsa>/<name>/<files>`, each file PEM or
 * DER holding one or more certificates. Symbolic links are refused (a link could silently widen trust to a directory
 * someone else controls), and so are subdirectories, as notation refuses them. A store holding a certificate that is
 * neither a CA nor self-signed is refused as a whole, as notation does: such a certificate can never anchor a chain
 * and its presence means the store was filled by mistake. A tsa store may hold only self-signed root CA certificates,
 * again as notation requires: a timestamp must chain to a TSA's root, not stop at whatever certificate was put there.
 *
 * A store is a few small local files, read once per run: synchronously, which is quicker than the thread pool for so
 * little and keeps node:fs/promises out of a step's start.
 */
function storeLabel(reference) {
    return `Trust store ${reference.type}:${reference.name}`;
}
function trustStorePath(trustStoreDir, reference) {
    return node_path__WEBPACK_IMPORTED_MODULE_1__.join(trustStoreDir, 'x509', reference.type, reference.name);
}
/** Loads one named store; throws ConfigurationError naming the store, the file and the fix. */
async function loadTrustStore(trustStoreDir, reference) {
    const label = storeLabel(reference);
    const directory = trustStorePath(trustStoreDir, reference);
    let stats;
    try {
        stats = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.lstatSync)(directory);
    }
    catch (error) {
        if (error.code === 'ENOENT') {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: directory ${directory} does not exist. Create it and put the trusted root certificate(s) in it, or fix the store name in the trust policy.`);
        }
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: cannot read ${directory} (${error.message}). Check the path and its permissions.`);
    }
    if (stats.isSymbolicLink()) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${directory} is a symbolic link, which is not supported. Replace it with a regular directory.`);
    }
    if (!stats.isDirectory()) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${directory} is not a directory. A named store is a directory of certificate files.`);
    }
    const entries = (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readdirSync)(directory, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    const certificates = [];
    for (const entry of entries) {
        const file = node_path__WEBPACK_IMPORTED_MODULE_1__.join(directory, entry.name);
        if (entry.isDirectory()) {
            // notation refuses a store with a directory in it too ("not a regular file").
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${file} is a directory, which is not supported: a store holds only certificate files. Move its certificates into ${directory}, or remove it.`);
        }
        if (entry.isSymbolicLink()) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${file} is a symbolic link, which is not supported. Copy the certificate file into the store instead.`);
        }
        if (!entry.isFile()) {
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${file} is not a regular file. Keep only certificate files in the store.`);
        }
        let fileCertificates;
        try {
            fileCertificates = (0,_certificates_js__WEBPACK_IMPORTED_MODULE_3__/* .readCertificates */ .jZ)((0,node_fs__WEBPACK_IMPORTED_MODULE_0__.readFileSync)(file));
        }
        catch (error) {
            if (error instanceof _certificates_js__WEBPACK_IMPORTED_MODULE_3__/* .CertificateParseError */ .zU) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${file} holds no readable certificate (${error.message}). Every file in a trust store must hold PEM or DER certificates.`);
            }
            throw error;
        }
        for (const certificate of fileCertificates) {
            if (reference.type === 'tsa' && !(certificate.basicConstraints?.ca && (0,_certificates_js__WEBPACK_IMPORTED_MODULE_3__/* .isSelfSigned */ .Nl)(certificate))) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: certificate "${certificate.subject}" in ${file} is not a root CA certificate. A tsa store holds only the self-signed root CA certificates of timestamping authorities: replace it with the root of its chain.`);
            }
            if (!certificate.basicConstraints?.ca && !(0,_certificates_js__WEBPACK_IMPORTED_MODULE_3__/* .signatureVerifiesWith */ .MN)(certificate, certificate.publicKey)) {
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: certificate "${certificate.subject}" in ${file} is neither a CA certificate nor a self-signed signing certificate. Remove it: a trust store holds root, intermediate CA or self-signed certificates.`);
            }
        }
        certificates.push(...fileCertificates);
    }
    if (certificates.length === 0) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .ConfigurationError */ .j1(`${label}: ${directory} has no certificates. Add the trusted root certificate(s) as PEM or DER files.`);
    }
    return certificates;
}
/**
 * The stores of one run, each read and parsed once. A batch verifies every image against the same stores; reading the
 * directory again for each signature was a tenth of a 20-image verify. A store that fails to load fails the same way
 * for every image of the run. Keep one cache per run: a long-lived one would not see files added to the stores later.
 */
class TrustStoreCache {
    loads = new Map();
    load = (trustStoreDir, reference) => (0,_core_lru_js__WEBPACK_IMPORTED_MODULE_4__/* .remembered */ .HK)(this.loads, trustStorePath(node_path__WEBPACK_IMPORTED_MODULE_1__.resolve(trustStoreDir), reference), () => loadTrustStore(trustStoreDir, reference));
    /**
     * Starts loading `references` once the current turn of the event loop is over: after the requests a run has just
     * started are on the wire, so the stores are read and parsed while the registry answers them rather than when the
     * first signature is checked. A store that fails to load fails the verification that needs it, as without this.
     * Returns when every store is loaded, or rejects with the first store's failure: a caller that awaits it can fail a
     * whole run on a broken store; one that does not leaves no unhandled rejection behind.
     */
    prefetch(trustStoreDir, references) {
        const loaded = new Promise((resolve, reject) => {
            setImmediate(() => {
                Promise.all(references.map((reference) => this.load(trustStoreDir, reference))).then(() => resolve(), reject);
            });
        });
        loaded.catch(() => undefined);
        return loaded;
    }
}
/** Loads every store of `type` among `references` (each once) and returns their certificates together. */
async function loadTrustStoresOfType(trustStoreDir, references, type, load = loadTrustStore) {
    const wanted = references.filter((reference) => reference.type === type);
    const unique = [...new Map(wanted.map((reference) => [reference.name, reference])).values()];
    const loaded = await Promise.all(unique.map((reference) => load(trustStoreDir, reference)));
    return loaded.flat();
}


/***/ }),

/***/ 87626:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CS: () => (/* binding */ VALIDATION_TYPES),
/* harmony export */   Fg: () => (/* binding */ LevelOverrideError),
/* harmony export */   LC: () => (/* binding */ resolveValidationActions),
/* harmony export */   N1: () => (/* binding */ isVerificationLevelName),
/* harmony export */   cn: () => (/* binding */ VERIFICATION_LEVELS)
/* harmony export */ });
/* unused harmony export VERIFICATION_LEVEL_NAMES */
const VERIFICATION_LEVEL_NAMES = ['strict', 'permissive', 'audit', 'skip'];
const VALIDATION_TYPES = ['integrity', 'authenticity', 'authenticTimestamp', 'expiry', 'revocation'];
const VALIDATION_ACTIONS = ['enforce', 'log', 'skip'];
const VERIFICATION_LEVELS = {
    strict: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'enforce', expiry: 'enforce', revocation: 'enforce' },
    permissive: { integrity: 'enforce', authenticity: 'enforce', authenticTimestamp: 'log', expiry: 'log', revocation: 'log' },
    audit: { integrity: 'enforce', authenticity: 'log', authenticTimestamp: 'log', expiry: 'log', revocation: 'log' },
    skip: { integrity: 'skip', authenticity: 'skip', authenticTimestamp: 'skip', expiry: 'skip', revocation: 'skip' },
};
/** A rule of the override section was broken; `problem` and `fix` become the ConfigurationError text. */
class LevelOverrideError extends Error {
    problem;
    fix;
    name = 'LevelOverrideError';
    constructor(problem, fix) {
        super(`${problem}. ${fix}`);
        this.problem = problem;
        this.fix = fix;
    }
}
function isVerificationLevelName(value) {
    return typeof value === 'string' && VERIFICATION_LEVEL_NAMES.includes(value);
}
/** The actions of `level` with `override` applied; throws LevelOverrideError for a forbidden override. */
function resolveValidationActions(level, override) {
    const entries = Object.entries(override ?? {});
    if (entries.length === 0)
        return VERIFICATION_LEVELS[level];
    if (level === 'skip') {
        throw new LevelOverrideError('level "skip" cannot be customized with "override"', 'Remove "override" or choose strict, permissive or audit');
    }
    const actions = { ...VERIFICATION_LEVELS[level] };
    for (const [type, action] of entries) {
        if (!VALIDATION_TYPES.includes(type)) {
            throw new LevelOverrideError(`override names unknown validation "${type}"`, 'Overridable validations are authenticity, authenticTimestamp, expiry and revocation');
        }
        if (typeof action !== 'string' || !VALIDATION_ACTIONS.includes(action)) {
            throw new LevelOverrideError(`override sets "${type}" to "${String(action)}"`, 'Use enforce, log or skip');
        }
        if (type === 'integrity') {
            throw new LevelOverrideError('override cannot change "integrity", which is always enforced', 'Remove "integrity" from "override"');
        }
        if (action === 'skip' && type !== 'revocation') {
            throw new LevelOverrideError(`override cannot skip "${type}"; only "revocation" may be skipped`, 'Use enforce or log');
        }
        actions[type] = action;
    }
    return actions;
}


/***/ }),

/***/ 36179:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ isDigest),
/* harmony export */   RV: () => (/* binding */ verifyBytes),
/* harmony export */   VK: () => (/* binding */ shortDigest),
/* harmony export */   h: () => (/* binding */ DigestMismatchError),
/* harmony export */   m: () => (/* binding */ parseDigest),
/* harmony export */   oP: () => (/* binding */ verifyingStream),
/* harmony export */   sI: () => (/* binding */ sha256Digest),
/* harmony export */   yw: () => (/* binding */ readAll)
/* harmony export */ });
/* harmony import */ var _core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(43723);

/** The digest algorithms the OCI image spec registers; both are node:crypto hash names too. */
const HEX_LENGTH = { sha256: 64, sha512: 128 };
const DIGEST_SHAPE = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([a-zA-Z0-9=_-]+)$/;
/** Parses `sha256:<64 lower-case hex>` (or sha512); undefined for anything else, so callers word their own error. */
function parseDigest(value) {
    const match = DIGEST_SHAPE.exec(value);
    if (!match)
        return undefined;
    const algorithm = match[1];
    const hex = match[2];
    if (!(algorithm in HEX_LENGTH))
        return undefined;
    const expected = HEX_LENGTH[algorithm];
    if (hex.length !== expected || !/^[0-9a-f]+$/.test(hex))
        return undefined;
    return { algorithm: algorithm, hex };
}
function isDigest(value) {
    return parseDigest(value) !== undefined;
}
function sha256Digest(bytes) {
    return `sha256:${(0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)().createHash('sha256').update(bytes).digest('hex')}`;
}
/** `sha256:0123456789ab…` for log lines and error messages, where the full 71 characters drown the sentence. */
function shortDigest(digest) {
    const colon = digest.indexOf(':');
    return colon < 0 || digest.length <= colon + 13 ? digest : `${digest.slice(0, colon + 13)}…`;
}
/** Content whose bytes are not what its descriptor promised: never retried, since the same bytes would come again. */
class DigestMismatchError extends Error {
    name = 'DigestMismatchError';
}
function startHash(expected, what) {
    const parsed = parseDigest(expected.digest);
    if (!parsed)
        throw new DigestMismatchError(`${what}: '${expected.digest}' is not a digest drydock can verify (sha256 or sha512)`);
    return (0,_core_node_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .nodeCrypto */ .S)().createHash(parsed.algorithm);
}
/** Checks buffered content (manifests, configs) against its descriptor. */
function verifyBytes(bytes, expected, what) {
    if (bytes.byteLength !== expected.size) {
        throw new DigestMismatchError(`${what}: expected ${expected.size} bytes, got ${bytes.byteLength}`);
    }
    const actual = `${expected.digest.slice(0, expected.digest.indexOf(':'))}:${startHash(expected, what).update(bytes).digest('hex')}`;
    if (actual !== expected.digest)
        throw new DigestMismatchError(`${what}: content has digest ${actual}, expected ${expected.digest}`);
}
/**
 * Passes a byte stream through while hashing it, and fails it when the bytes are not the expected ones.
 *
 * The last chunk is held back until the digest has been checked: whoever consumes the stream (an HTTP PUT with a
 * Content-Length) therefore never receives the complete wrong content, so a mismatch can only ever abort the request,
 * never complete it. Too many bytes fail as soon as they arrive. At most one chunk is buffered.
 */
async function* verifyingStream(source, expected, what) {
    const hash = startHash(expected, what);
    let seen = 0;
    let held;
    for await (const chunk of source) {
        if (chunk.byteLength === 0)
            continue;
        seen += chunk.byteLength;
        if (seen > expected.size) {
            throw new DigestMismatchError(`${what}: content is longer than the ${expected.size} bytes its descriptor declares`);
        }
        hash.update(chunk);
        if (held)
            yield held;
        held = chunk;
    }
    if (seen !== expected.size) {
        throw new DigestMismatchError(`${what}: content ended after ${seen} of the ${expected.size} bytes its descriptor declares`);
    }
    const algorithm = expected.digest.slice(0, expected.digest.indexOf(':'));
    const actual = `${algorithm}:${hash.digest('hex')}`;
    if (actual !== expected.digest) {
        throw new DigestMismatchError(`${what}: content has digest ${actual}, expected ${expected.digest}`);
    }
    if (held)
        yield held;
}
/** Reads a whole (small) stream into memory; refuses more than `limit` bytes so a wrong descriptor cannot exhaust memory. */
async function readAll(source, limit, what) {
    const chunks = [];
    let total = 0;
    for await (const chunk of source) {
        total += chunk.byteLength;
        if (total > limit)
            throw new RangeError(`${what} is larger than ${limit} bytes`);
        chunks.push(chunk);
    }
    return Buffer.concat(chunks, total);
}


/***/ }),

/***/ 806:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   F: () => (/* binding */ parseRegistryBaseUrl)
/* harmony export */ });
/* unused harmony export withoutCredentials */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _loopback_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6458);


/**
 * A `registry-endpoint` value as errors show it: everything up to its last `@` replaced by `***`. Where a URL parser
 * ends the user info depends on characters a password may hold (`https://deploy:99#Secret@host` parses as host
 * `deploy`, port 99 and a fragment), and a registry endpoint has no place for an `@` of its own, so any `@` means the
 * part before it could be a password.
 */
function withoutCredentials(value) {
    const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? '';
    const at = value.lastIndexOf('@');
    return at < scheme.length ? value : `${scheme}***@${value.slice(at + 1)}`;
}
/**
 * A registry base URL given instead of the registry's own host (a VPC endpoint, a local mirror, the loopback testbed),
 * as every action's `registry-endpoint` takes it: http(s), no path, query or fragment, no credentials (drydock logs
 * in itself, and a password in a URL ends up in logs), and plain HTTP only to this machine, since the registry's
 * credentials (an ECR password, a token) would otherwise cross the network in clear text. Refusals never show
 * credentials.
 */
function parseRegistryBaseUrl(input, value) {
    const shown = withoutCredentials(value);
    let url;
    try {
        url = new URL(value);
    }
    catch {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'is not a URL', 'Write it as https://host[:port]');
    }
    if (url.username || url.password) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'has credentials in it', 'Write it as https://host[:port]; drydock logs in to ECR registries itself and reads other registries anonymously');
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'is not a registry base URL', 'Write it as https://host[:port], without a path');
    }
    if (url.protocol === 'http:' && !(0,_loopback_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackHost */ .c)(url.host)) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(input, shown, 'uses plain HTTP to a host that is not this machine', 'Use https://; plain HTTP is only allowed for loopback test registries');
    }
    return url;
}


/***/ }),

/***/ 6458:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   c: () => (/* binding */ isLoopbackHost)
/* harmony export */ });
/**
 * Plain HTTP only ever to a registry on this machine (the testbed, a local mirror), never across a network: credentials
 * and tokens would otherwise travel in clear text. Every action that accepts a `registry-endpoint` applies this rule.
 */
function isLoopbackHost(host) {
    const name = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    return name === 'localhost' || name === '::1' || /^127\.\d+\.\d+\.\d+$/.test(name);
}


/***/ }),

/***/ 92474:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $M: () => (/* binding */ parseRepositoryName),
/* harmony export */   ED: () => (/* binding */ parseTag),
/* harmony export */   Mb: () => (/* binding */ registryApiHost),
/* harmony export */   aE: () => (/* binding */ manifestReferenceOf),
/* harmony export */   d_: () => (/* binding */ parseEcrRegistry),
/* harmony export */   my: () => (/* binding */ formatImageReference),
/* harmony export */   o_: () => (/* binding */ parseImageReference),
/* harmony export */   og: () => (/* binding */ isRepositoryPath)
/* harmony export */ });
/* unused harmony export DOCKER_HUB */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36179);


const DOCKER_HUB = 'docker.io';
/** Docker Hub's API is not served at docker.io itself. */
const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
const DOCKER_HUB_ALIASES = new Set(['docker.io', 'index.docker.io']);
const MAX_NAME_LENGTH = 255;
const TAG = /^[\w][\w.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN_LABEL = '[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?';
const HOST = new RegExp(`^(?:\\[[0-9a-fA-F:.]+\\]|${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*)(?::([0-9]+))?$`);
const ECR_HOST = /^(\d{12})\.dkr\.ecr(-fips)?\.([a-z]{2}(?:-[a-z]+)+-\d+)\.amazonaws\.com(?:\.cn)?$/;
const REFERENCE_FIX = "Write it as 'registry/repository:tag' or 'registry/repository@sha256:<64 hex digits>', e.g. '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1.2.3'";
function notAReference(inputName, value, problem, fix = REFERENCE_FIX) {
    return (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, `is not a valid image reference: ${problem}`, fix);
}
/** Checks one repository path (`team/app`); returns the problem, or undefined when it is valid. */
function repositoryProblem(repository) {
    if (repository === '')
        return 'the repository name is empty';
    if (repository !== repository.toLowerCase())
        return `the repository name '${repository}' must be lower case`;
    for (const component of repository.split('/')) {
        if (component === '')
            return `the repository name '${repository}' has an empty path component`;
        if (!PATH_COMPONENT.test(component)) {
            return `'${component}' is not a valid repository path component (lower-case letters and digits, separated by '.', '_', '__' or '-')`;
        }
    }
    return undefined;
}
/** Whether `repository` is a valid repository path (`team/app`): the distribution grammar, lower case, no empty part. */
function isRepositoryPath(repository) {
    return repositoryProblem(repository) === undefined;
}
function hostProblem(host) {
    const match = HOST.exec(host);
    if (!match)
        return `'${host}' is not a valid registry host`;
    const port = match[1];
    if (port !== undefined && (Number(port) < 1 || Number(port) > 65535))
        return `port ${port} is out of range`;
    return undefined;
}
/**
 * Docker's rule for whether the first path component names a registry: it does when it contains a dot or a colon,
 * is `localhost`, or has upper-case letters (repository paths never do). `team/app` is therefore Docker Hub's.
 */
function looksLikeHost(component) {
    return component.includes('.') || component.includes(':') || component === 'localhost' || component !== component.toLowerCase();
}
/** Parses and normalises an image reference; `inputName` names the action input in error messages. */
function parseImageReference(value, inputName) {
    if (value.trim() === '')
        throw notAReference(inputName, value, 'it is empty');
    if (/\s/.test(value))
        throw notAReference(inputName, value, 'it contains whitespace');
    const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(value);
    if (scheme) {
        throw notAReference(inputName, value, `a reference has no '${scheme[0]}' scheme`, `Remove '${scheme[0]}'`);
    }
    let rest = value;
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
        if (!(0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .parseDigest */ .m)(digest)) {
            throw notAReference(inputName, value, `'${digest}' is not a digest`, "A digest is 'sha256:' followed by 64 lower-case hex digits");
        }
    }
    let tag;
    const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
    if (colon >= 0) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
        if (!TAG.test(tag)) {
            throw notAReference(inputName, value, tag === '' ? 'the tag after the colon is empty' : `'${tag}' is not a valid tag`, 'A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash');
        }
    }
    const slash = rest.indexOf('/');
    let registry = DOCKER_HUB;
    let repository = rest;
    if (slash >= 0 && looksLikeHost(rest.slice(0, slash))) {
        registry = rest.slice(0, slash).toLowerCase();
        repository = rest.slice(slash + 1);
        const problem = hostProblem(registry);
        if (problem)
            throw notAReference(inputName, value, problem);
    }
    else if (slash < 0 && parseEcrRegistry(rest) !== undefined) {
        // `123456789012.dkr.ecr.eu-west-1.amazonaws.com` alone is a common slip; Docker would call it a Docker Hub repository.
        throw notAReference(inputName, value, `'${rest}' is a registry host without a repository`, `Append the repository, e.g. '${rest}/app:tag'`);
    }
    if (DOCKER_HUB_ALIASES.has(registry)) {
        registry = DOCKER_HUB;
        if (repository !== '' && !repository.includes('/'))
            repository = `library/${repository}`;
    }
    const problem = repositoryProblem(repository);
    if (problem)
        throw notAReference(inputName, value, problem);
    const name = `${registry}/${repository}`;
    if (name.length > MAX_NAME_LENGTH) {
        throw notAReference(inputName, value, `the name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`, 'Use a shorter repository name');
    }
    return { registry, repository, ...(tag === undefined ? {} : { tag }), ...(digest === undefined ? {} : { digest }) };
}
/** The canonical string form: `registry/repository[:tag][@digest]`. */
function formatImageReference(reference) {
    const tag = reference.tag === undefined ? '' : `:${reference.tag}`;
    const digest = reference.digest === undefined ? '' : `@${reference.digest}`;
    return `${reference.registry}/${reference.repository}${tag}${digest}`;
}
/** What to ask the registry for: the digest when pinned (it wins over a tag, as in Docker), else the tag, else `latest`. */
function manifestReferenceOf(reference) {
    return reference.digest ?? reference.tag ?? 'latest';
}
/** The host that serves the Distribution API for a registry name (only Docker Hub differs). */
function registryApiHost(registry) {
    return registry === DOCKER_HUB ? DOCKER_HUB_API_HOST : registry;
}
/** Recognises an ECR private registry host and extracts its account and region. */
function parseEcrRegistry(host) {
    const match = ECR_HOST.exec(host.toLowerCase());
    if (!match)
        return undefined;
    return { accountId: match[1], region: match[3], fips: match[2] !== undefined };
}
/** Validates a repository name on its own (an input such as push-ecr's `repository`). */
function parseRepositoryName(value, inputName) {
    const problem = repositoryProblem(value);
    if (problem) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, `is not a valid repository name: ${problem}`, "Use lower-case path components separated by '/', e.g. 'team/app'");
    }
    if (value.length > MAX_NAME_LENGTH)
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, `is longer than ${MAX_NAME_LENGTH} characters`, 'Use a shorter name');
    return value;
}
/** Validates a tag on its own (an input such as push-ecr's `tags`). */
function parseTag(value, inputName) {
    if (!TAG.test(value)) {
        throw (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .invalidInput */ .aY)(inputName, value, 'is not a valid tag', 'A tag is 1 to 128 letters, digits, underscores, periods and dashes, not starting with a period or dash');
    }
    return value;
}


/***/ })

};

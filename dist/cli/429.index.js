export const id = 429;
export const ids = [429,367];
export const modules = {

/***/ 72367:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D0: () => (/* binding */ withCallNames),
/* harmony export */   Zv: () => (/* binding */ resolveRegion),
/* harmony export */   rw: () => (/* binding */ awsClientConfig)
/* harmony export */ });
/* unused harmony exports AWS_REQUEST_TIMEOUTS, iamActionOf */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _core_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(24305);


/**
 * The SDK sets no request timeout of its own, so an endpoint that accepts the connection and never answers (a proxy
 * gone wrong, a black-holed VPC endpoint) held a step forever, deaf to the runner's first cancel. Every call drydock
 * makes is a small API request, answered in well under a second: a request still open after a minute is dead, retried
 * like any other failure (maxAttempts), then reported.
 */
const AWS_REQUEST_TIMEOUTS = { connectionTimeout: 10_000, requestTimeout: 60_000 };
function resolveRegion(input, env, inputName = 'region') {
    const region = input ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'];
    if (!region) {
        throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1(`Input '${inputName}' is not set and neither is AWS_REGION. Set '${inputName}', or configure credentials with a region first (aws-actions/configure-aws-credentials).`);
    }
    return region;
}
/** `timeouts` is for tests, which cannot wait a minute per attempt. */
function awsClientConfig(region, timeouts = AWS_REQUEST_TIMEOUTS) {
    // throwOnRequestTimeout: without it the SDK's handler only logs a warning when requestTimeout passes, and waits on.
    return { region, retryMode: 'adaptive', maxAttempts: 6, customUserAgent: _core_version_js__WEBPACK_IMPORTED_MODULE_1__/* .USER_AGENT */ ._, requestHandler: { ...timeouts, throwOnRequestTimeout: true } };
}
/** `ECRClient` and `CreateRepositoryCommand` as the IAM action `ecr:CreateRepository` (every client drydock uses is named so). */
function iamActionOf(clientName, commandName) {
    return `${clientName.replace(/Client$/, '').toLowerCase()}:${commandName.replace(/Command$/, '')}`;
}
/**
 * Adds to `client` a middleware that records on a failed call's error which call it was (AWS_OPERATION_PROPERTY). It
 * runs first (initialize step), so the error it sees is the one `send` throws, after the SDK's retries.
 */
function withCallNames(client) {
    client.middlewareStack.add((next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (error) {
            // Not `instanceof Error`: the SDK's errors may come from another realm (jest's vm contexts do that).
            if (typeof error === 'object' && error !== null && context.clientName && context.commandName) {
                Object.defineProperty(error, _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .AWS_OPERATION_PROPERTY */ .yO, { value: iamActionOf(context.clientName, context.commandName), enumerable: false, configurable: true });
            }
            throw error;
        }
    }, { step: 'initialize', name: 'drydockCallName', override: true });
    return client;
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


/***/ }),

/***/ 50711:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   bD: () => (/* binding */ withRetry),
/* harmony export */   mu: () => (/* binding */ parseRetryAfter)
/* harmony export */ });
/* unused harmony export backoffDelay */
/**
 * Exponential backoff with full jitter: attempt n waits a random time in [0, base * 2^n], capped at maxDelayMs.
 * Full jitter keeps many parallel uploads that failed together from retrying in lockstep.
 */
function backoffDelay(attempt, baseDelayMs, maxDelayMs, random) {
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** attempt);
    return Math.floor(random() * ceiling);
}
async function withRetry(operation, options) {
    const random = options.random ?? Math.random;
    for (let attempt = 0;; attempt++) {
        try {
            return await operation(attempt);
        }
        catch (error) {
            const decision = options.classify(error);
            if (!decision.retry || attempt + 1 >= options.attempts || options.signal?.aborted)
                throw error;
            const delay = decision.afterMs ?? backoffDelay(attempt, options.baseDelayMs, options.maxDelayMs, random);
            options.onRetry?.(error, attempt + 1, delay);
            await options.clock.sleep(delay, options.signal);
        }
    }
}
/**
 * Parses an HTTP Retry-After value (delta-seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined for a missing or unreadable header; a date in the past means no wait.
 */
function parseRetryAfter(value, now, capMs = 120_000) {
    if (!value)
        return undefined;
    const trimmed = value.trim();
    let ms;
    if (/^\d+$/.test(trimmed))
        ms = Number(trimmed) * 1000;
    else if (/^[+-]?[\d.]+$/.test(trimmed)) {
        return undefined; // '1.5' or '-1' is neither form; Date.parse would read it as a year long past, meaning no wait
    }
    else {
        const at = Date.parse(trimmed);
        if (Number.isNaN(at))
            return undefined;
        ms = Math.max(0, at - now);
    }
    return Math.min(ms, capMs);
}


/***/ }),

/***/ 84409:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bt: () => (/* binding */ httpUrlOf),
/* harmony export */   Ju: () => (/* binding */ DRAIN_LIMIT_BYTES),
/* harmony export */   S2: () => (/* binding */ createWireHttp),
/* harmony export */   WY: () => (/* binding */ readOnce),
/* harmony export */   oA: () => (/* binding */ idleMsOf),
/* harmony export */   w2: () => (/* binding */ timeoutError)
/* harmony export */ });
/* unused harmony exports MAX_HEAD_BYTES, HttpWireError, ResponseParser, formatRequestHead */
/**
 * HTTP/1.1 straight on node:net and node:tls sockets: the request is one formatted write, the response goes through
 * the small parser below, and idle connections wait in a pool per origin. It exists for speed. A step that signs or
 * verifies 20 images is short-lived, so nearly all of its code runs cold, and node:http's request path (ClientRequest,
 * the agent's events, two streams per exchange) is long: 80 small requests from a fresh process took 38 ms of CPU
 * through node:http against 12 ms written and read on plain sockets. `BENCH_SIGN_HTTP=node npm run bench:sign` runs
 * the sign and verify batches through node:http for comparison (about 30 ms more CPU each on 20 images).
 *
 * What it does not do, the transport above it does (redirects, retries, authentication) or it leaves to node:http
 * (proxies: see `defaultHttp` in http.ts). It speaks only what registries and token services need: no 100-continue,
 * no upgrade, no pipelining. Anything in an answer it cannot frame unambiguously is an error, never a guess.
 */
const net = process.getBuiltinModule('node:net');
let tlsModule;
const tlsOnce = () => (tlsModule ??= process.getBuiltinModule('node:tls'));
/** Bodies up to this size are drained on discard (reusing the connection); larger ones close it instead. */
const DRAIN_LIMIT_BYTES = 64 * 1024;
/** A status line and headers larger than this are refused (Node's own limit is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
/** Buffered but unread body bytes above which the socket stops reading until the caller catches up. */
const HIGH_WATER_BYTES = 256 * 1024;
const EMPTY = Buffer.alloc(0);
const CRLF = Buffer.from('\r\n', 'latin1');
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
function timeoutError(ms) {
    return Object.assign(new Error(`no data from the server for ${ms / 1000} s`), { code: 'ETIMEDOUT' });
}
function connectionLost() {
    return Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' });
}
/** A response that cannot be read as HTTP/1.x. Not transient: the same server answers the same way again. */
class HttpWireError extends Error {
    name = 'HttpWireError';
    code = 'ERR_HTTP_INVALID_RESPONSE';
}
/** The request's URL; a TypeError (code ERR_INVALID_URL) unless it is http or https. */
function httpUrlOf(request) {
    const url = new URL(request.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw Object.assign(new TypeError(`unsupported URL scheme in ${request.url}`), { code: 'ERR_INVALID_URL' });
    }
    return url;
}
/** How long the request's connection may stay silent: a streamed upload gets the longer wait. */
function idleMsOf(request, timeouts) {
    const streamed = request.body !== undefined && !(request.body instanceof Uint8Array);
    return streamed ? timeouts.streamedUploadMs : timeouts.requestMs;
}
/** A response body may be read (or discarded) once: `take` throws on a second read, `claim` says whether it was first. */
function readOnce(value) {
    let consumed = false;
    const claim = () => !consumed && (consumed = true);
    return {
        take: () => {
            if (!claim())
                throw new Error('the response body was already read');
            return value;
        },
        claim,
    };
}
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const STATUS_LINE = /^HTTP\/1\.([01]) ([1-9][0-9]{2})(?: ([^\r\n]*))?$/;
const CHUNK_SIZE = /^([0-9A-Fa-f]{1,12})[ \t]*(?:;.*)?$/;
/** The members of a list-valued header (RFC 9110 section 5.6.1) over all its lines, trimmed and in lower case. */
function listMembers(values) {
    return (values ?? []).join(',').toLowerCase().split(',').map((member) => member.trim());
}
class ResponseParser {
    method;
    events;
    state = 'head';
    pending = EMPTY;
    remaining = 0;
    reusable = true;
    trailerBytes = 0;
    constructor(method, events) {
        this.method = method;
        this.events = events;
    }
    get done() {
        return this.state === 'done';
    }
    /** The next bytes from the connection; throws HttpWireError for anything that is not a well-formed response. */
    feed(chunk) {
        if (this.state === 'done')
            throw new HttpWireError('the server sent data after its response ended');
        const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
        this.pending = EMPTY;
        let at = 0;
        while (at < data.length && this.state !== 'done') {
            switch (this.state) {
                case 'head': {
                    const end = data.indexOf(HEAD_END, at);
                    if (end < 0 || end - at > MAX_HEAD_BYTES) {
                        if (data.length - at > MAX_HEAD_BYTES)
                            throw new HttpWireError(`the response's status line and headers are over ${MAX_HEAD_BYTES} bytes`);
                        this.pending = data.subarray(at);
                        return;
                    }
                    this.onHead(data.toString('latin1', at, end));
                    at = end + 4;
                    break;
                }
                case 'length':
                case 'chunk-data': {
                    const take = Math.min(this.remaining, data.length - at);
                    this.events.body(data.subarray(at, at + take));
                    at += take;
                    this.remaining -= take;
                    if (this.remaining === 0)
                        this.state = this.state === 'length' ? 'done' : 'chunk-end';
                    break;
                }
                case 'close':
                    this.events.body(at === 0 ? data : data.subarray(at));
                    at = data.length;
                    break;
                case 'chunk-end': {
                    if (data.length - at < 2) {
                        this.pending = data.subarray(at);
                        return;
                    }
                    if (data[at] !== 13 || data[at + 1] !== 10)
                        throw new HttpWireError('a chunk of the response body does not end where its size says');
                    at += 2;
                    this.state = 'chunk-size';
                    break;
                }
                case 'chunk-size':
                case 'trailers': {
                    const eol = data.indexOf(CRLF, at);
                    if (eol < 0) {
                        if (data.length - at > MAX_HEAD_BYTES)
                            throw new HttpWireError('a chunk size or trailer line of the response is too long');
                        this.pending = data.subarray(at);
                        return;
                    }
                    const line = data.toString('latin1', at, eol);
                    at = eol + 2;
                    if (this.state === 'trailers') {
                        this.trailerBytes += line.length + 2;
                        if (this.trailerBytes > MAX_HEAD_BYTES)
                            throw new HttpWireError(`the response's trailers are over ${MAX_HEAD_BYTES} bytes`);
                        if (line === '')
                            this.state = 'done';
                        break;
                    }
                    const size = CHUNK_SIZE.exec(line);
                    if (!size)
                        throw new HttpWireError(`the response has an invalid chunk size line: "${line.slice(0, 40)}"`);
                    this.remaining = parseInt(size[1], 16);
                    this.state = this.remaining === 0 ? 'trailers' : 'chunk-data';
                    break;
                }
            }
        }
        if (this.state === 'done')
            this.events.end(this.reusable && at === data.length);
    }
    /** The connection has closed: the end of a body that runs to the close, else a response cut short. */
    close() {
        if (this.state === 'close') {
            this.state = 'done';
            this.events.end(false);
            return;
        }
        if (this.state !== 'done')
            throw connectionLost();
    }
    onHead(text) {
        const lines = text.split('\r\n');
        const status = STATUS_LINE.exec(lines[0]);
        if (!status)
            throw new HttpWireError(`the server did not answer with HTTP/1.x: "${lines[0].slice(0, 60)}"`);
        const code = Number(status[2]);
        const headers = new Map();
        for (let i = 1; i < lines.length; i++) {
            const line = lines[i];
            const colon = line.indexOf(':');
            const name = colon > 0 ? line.slice(0, colon) : '';
            if (!TOKEN.test(name))
                throw new HttpWireError(`the response has an invalid header line: "${line.slice(0, 60)}"`);
            const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
            const key = name.toLowerCase();
            const values = headers.get(key);
            if (values)
                values.push(value);
            else
                headers.set(key, [value]);
        }
        if (code < 200) {
            // 100 Continue and 103 Early Hints come before the real answer; 101 would switch protocols, never asked for.
            if (code === 101)
                throw new HttpWireError('the server switched protocols, which no request asked for');
            return;
        }
        const connection = listMembers(headers.get('connection'));
        this.reusable = status[1] === '1' ? !connection.includes('close') : connection.includes('keep-alive');
        const contentLength = this.framing(code, headers);
        this.events.head({ status: code, statusText: status[3] ?? '', headers, contentLength });
    }
    /** Sets how the body is delimited (RFC 9112 section 6.3); returns its length when the head states one. */
    framing(status, headers) {
        const encodings = headers.get('transfer-encoding');
        const lengths = headers.get('content-length');
        if (this.method === 'HEAD' || status === 204 || status === 304) {
            this.state = 'done';
            return undefined;
        }
        if (encodings) {
            const codings = listMembers(encodings);
            // A length next to a transfer coding is ignored, and the connection is not trusted with another exchange.
            if (lengths)
                this.reusable = false;
            if (codings[codings.length - 1] === 'chunked') {
                this.state = 'chunk-size';
            }
            else {
                this.state = 'close';
                this.reusable = false;
            }
            return undefined;
        }
        if (lengths) {
            const values = listMembers(lengths);
            if (!values.every((value) => /^[0-9]{1,15}$/.test(value) && value === values[0])) {
                throw new HttpWireError(`the response has an invalid content-length: "${lengths.join(', ').slice(0, 60)}"`);
            }
            this.remaining = Number(values[0]);
            this.state = this.remaining === 0 ? 'done' : 'length';
            return this.remaining;
        }
        this.state = 'close';
        this.reusable = false;
        return undefined;
    }
}
// ---------------------------------------------------------------------------------------------------------------
// Request heads.
/** Header names whose repeats a reader discards (as node:http does): the first value is the value. */
const SINGLE_VALUED = new Set(['age', 'authorization', 'content-length', 'content-type', 'etag', 'expires', 'from', 'host', 'last-modified', 'location', 'retry-after', 'server', 'user-agent']);
function invalidHeader(message, code) {
    return Object.assign(new TypeError(message), { code });
}
/** The request line and headers, with Host and the body's framing added unless the caller set them. */
function formatRequestHead(method, url, headers, framing) {
    if (!TOKEN.test(method))
        throw invalidHeader(`invalid HTTP method "${method}"`, 'ERR_INVALID_HTTP_TOKEN');
    let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
    const given = new Set();
    for (const [name, value] of Object.entries(headers)) {
        if (!TOKEN.test(name))
            throw invalidHeader(`invalid header name "${name}"`, 'ERR_INVALID_HTTP_TOKEN');
        if (/[\r\n\0]/.test(value))
            throw invalidHeader(`invalid character in the value of header "${name}"`, 'ERR_INVALID_CHAR');
        given.add(name.toLowerCase());
        head += `${name}: ${value}\r\n`;
    }
    if (!given.has('host'))
        head += `Host: ${url.host}\r\n`;
    if (framing === 'chunked') {
        if (!given.has('transfer-encoding'))
            head += 'Transfer-Encoding: chunked\r\n';
    }
    else if (framing !== 'none' && !given.has('content-length')) {
        head += `Content-Length: ${framing}\r\n`;
    }
    return `${head}\r\n`;
}
function originOf(url) {
    const secure = url.protocol === 'https:';
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    const port = url.port === '' ? (secure ? 443 : 80) : Number(url.port);
    return { key: `${url.protocol}//${host}:${port}`, secure, host, port };
}
/**
 * One socket and the exchange it serves, if any. Its listeners are attached once, for the socket's life, and pass
 * what happens to the exchange in progress; between exchanges anything the server says or does ends the connection.
 * (Attaching and removing five listeners per exchange was a tenth of a verify batch's HTTP CPU.)
 */
class Connection {
    socket;
    origin;
    onIdleEnd;
    /** The exchange in progress; undefined while the connection is idle. */
    exchange;
    constructor(socket, origin, onIdleEnd) {
        this.socket = socket;
        this.origin = origin;
        this.onIdleEnd = onIdleEnd;
        socket.on('data', (chunk) => (this.exchange ? this.exchange.onData(chunk) : this.endIdle()));
        socket.on('end', () => (this.exchange ? this.exchange.onEnd() : this.endIdle()));
        socket.on('error', (error) => (this.exchange ? this.exchange.fail(error) : this.endIdle()));
        socket.on('close', () => (this.exchange ? this.exchange.fail(connectionLost()) : this.endIdle()));
        socket.on('timeout', () => this.exchange?.onTimeout());
    }
    endIdle() {
        this.socket.destroy();
        this.onIdleEnd(this);
    }
}
/** Idle connections by origin (most recent last), and TLS sessions to resume. Idle sockets do not hold the process. */
class ConnectionPool {
    idle = new Map();
    sessions = new Map();
    forget = (connection) => {
        const connections = this.idle.get(connection.origin.key);
        const index = connections?.indexOf(connection) ?? -1;
        if (index >= 0)
            connections.splice(index, 1);
    };
    take(origin) {
        const connections = this.idle.get(origin.key);
        for (let connection = connections?.pop(); connection; connection = connections?.pop()) {
            if (!connection.socket.destroyed && connection.socket.writable) {
                connection.socket.ref();
                return connection;
            }
            connection.socket.destroy();
        }
        return undefined;
    }
    connect(origin) {
        let socket;
        if (origin.secure) {
            const session = this.sessions.get(origin.key);
            const secure = tlsOnce().connect({
                host: origin.host,
                port: origin.port,
                ...(net.isIP(origin.host) === 0 ? { servername: origin.host } : {}),
                ...(session ? { session } : {}),
            });
            secure.on('session', (ticket) => this.sessions.set(origin.key, ticket));
            socket = secure;
        }
        else {
            socket = net.connect({ host: origin.host, port: origin.port });
        }
        return new Connection(socket.setNoDelay(true).setKeepAlive(true, 1000), origin, this.forget);
    }
    /** Keeps a connection whose exchange ended cleanly, for the next request to its origin. */
    release(connection) {
        connection.socket.setTimeout(0).unref();
        const connections = this.idle.get(connection.origin.key);
        if (connections)
            connections.push(connection);
        else
            this.idle.set(connection.origin.key, [connection]);
    }
}
/** Received body bytes waiting for the caller; past the high-water mark the socket stops reading. */
class BodyQueue {
    socket;
    chunks = [];
    bytes = 0;
    ended = false;
    failure;
    wake;
    paused = false;
    constructor(socket) {
        this.socket = socket;
    }
    get complete() {
        return this.ended;
    }
    push(chunk) {
        this.chunks.push(chunk);
        this.bytes += chunk.length;
        if (this.bytes > HIGH_WATER_BYTES && !this.paused) {
            this.paused = true;
            this.socket.pause();
        }
        this.notify();
    }
    /** All of the body is here: the socket is no longer this queue's to pause (it may already serve the next exchange). */
    end() {
        this.ended = true;
        if (this.paused) {
            this.paused = false;
            this.socket.resume();
        }
        this.notify();
    }
    fail(error) {
        if (this.ended || this.failure)
            return;
        this.failure = error;
        this.notify();
    }
    /** The next chunk, or undefined at the end; throws what ended the connection early. */
    async next() {
        for (;;) {
            const chunk = this.chunks.shift();
            if (chunk) {
                this.bytes -= chunk.length;
                if (this.paused && this.bytes <= HIGH_WATER_BYTES / 2) {
                    this.paused = false;
                    this.socket.resume();
                }
                return chunk;
            }
            if (this.failure)
                throw this.failure;
            if (this.ended)
                return undefined;
            await new Promise((resolve) => (this.wake = resolve));
        }
    }
    notify() {
        const wake = this.wake;
        this.wake = undefined;
        wake?.();
    }
}
/** One request and its response on one connection. */
class Exchange {
    connection;
    pool;
    method;
    idleMs;
    resolve;
    reject;
    settled = false;
    finished = false;
    requestSent = false;
    queue;
    parser;
    socket;
    constructor(connection, pool, method, idleMs, resolve, reject) {
        this.connection = connection;
        this.pool = pool;
        this.method = method;
        this.idleMs = idleMs;
        this.resolve = resolve;
        this.reject = reject;
        this.socket = connection.socket;
        this.queue = new BodyQueue(this.socket);
        this.parser = new ResponseParser(method, {
            head: (head) => {
                this.settled = true;
                this.resolve(this.response(head));
            },
            body: (chunk) => this.queue.push(chunk),
            end: (reusable) => this.end(reusable),
        });
        connection.exchange = this;
        this.socket.setTimeout(idleMs);
    }
    onTimeout() {
        this.fail(timeoutError(this.idleMs));
    }
    onData(chunk) {
        try {
            this.parser.feed(chunk);
        }
        catch (error) {
            this.fail(error);
        }
    }
    onEnd() {
        try {
            this.parser.close();
        }
        catch (error) {
            this.fail(error);
        }
    }
    /** Writes the request; a streamed body is written as it is read, and its own failure aborts the exchange. */
    async send(url, request) {
        const { body } = request;
        if (body === undefined || body instanceof Uint8Array) {
            const framing = body !== undefined ? body.byteLength : this.method === 'POST' || this.method === 'PUT' || this.method === 'PATCH' ? 0 : 'none';
            const head = formatRequestHead(this.method, url, request.headers, framing);
            if (body === undefined || body.byteLength === 0)
                this.socket.write(head, 'latin1');
            else if (body.byteLength <= 16 * 1024)
                this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
            else {
                this.socket.cork();
                this.socket.write(head, 'latin1');
                this.socket.write(body);
                this.socket.uncork();
            }
            this.requestSent = true;
            return;
        }
        const declared = Object.entries(request.headers).find(([name]) => name.toLowerCase() === 'content-length')?.[1];
        this.socket.write(formatRequestHead(this.method, url, request.headers, declared === undefined ? 'chunked' : 'none'), 'latin1');
        let written = 0;
        for await (const chunk of body) {
            if (this.finished || this.socket.destroyed)
                break;
            written += chunk.byteLength;
            if (declared !== undefined && written > Number(declared)) {
                throw Object.assign(new Error(`the request body is longer than its content-length, ${declared}`), { code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' });
            }
            if (chunk.byteLength === 0)
                continue;
            const more = declared === undefined ? this.writeChunk(chunk) : this.socket.write(chunk);
            if (!more)
                await this.drained();
        }
        // The answer came before the last byte went out (a registry refusing an upload early), or the exchange failed: the
        // exchange has closed the socket, and the rest is not sent.
        if (this.finished || this.socket.destroyed)
            return;
        if (declared !== undefined && written !== Number(declared)) {
            throw Object.assign(new Error(`the request body is ${written} bytes, not its content-length, ${declared}`), { code: 'ERR_HTTP_CONTENT_LENGTH_MISMATCH' });
        }
        if (declared === undefined)
            this.socket.write('0\r\n\r\n', 'latin1');
        this.requestSent = true;
    }
    /** Ends the exchange with an error: the request's promise, or the body being read, gets it; the socket is closed. */
    fail(error) {
        if (this.finished)
            return;
        this.finished = true;
        this.detach();
        this.socket.destroy();
        if (!this.settled) {
            this.settled = true;
            this.reject(error);
        }
        else {
            this.queue.fail(error);
        }
    }
    writeChunk(chunk) {
        this.socket.cork();
        this.socket.write(`${chunk.byteLength.toString(16)}\r\n`, 'latin1');
        this.socket.write(chunk);
        const more = this.socket.write('\r\n', 'latin1');
        this.socket.uncork();
        return more;
    }
    drained() {
        return new Promise((resolve) => {
            const done = () => {
                this.socket.off('drain', done).off('close', done);
                resolve();
            };
            this.socket.on('drain', done).on('close', done);
        });
    }
    end(reusable) {
        this.finished = true;
        this.detach();
        this.queue.end();
        if (reusable && this.requestSent)
            this.pool.release(this.connection);
        // Also when the answer came before the body was all written (a registry refusing an upload early): the rest is
        // not sent, and a send() waiting for the socket to drain (the server no longer reading) stops at its close.
        else
            this.socket.destroy();
    }
    /** The connection's events are no longer this exchange's (a late error or close just ends the connection). */
    detach() {
        if (this.connection.exchange === this)
            this.connection.exchange = undefined;
    }
    response(head) {
        const queue = this.queue;
        const abort = () => {
            if (!queue.complete)
                this.fail(connectionLost());
        };
        const once = readOnce(queue);
        async function* chunks() {
            let complete = false;
            try {
                for (let chunk = await queue.next(); chunk; chunk = await queue.next())
                    yield chunk;
                complete = true;
            }
            finally {
                if (!complete)
                    abort();
            }
        }
        const bytes = async (limit) => {
            once.take();
            const parts = [];
            let total = 0;
            for (let chunk = await queue.next(); chunk; chunk = await queue.next()) {
                total += chunk.length;
                if (total > limit) {
                    abort();
                    throw new RangeError(`the response is larger than ${limit} bytes`);
                }
                parts.push(chunk);
            }
            return parts.length === 1 ? parts[0] : Buffer.concat(parts, total);
        };
        return {
            status: head.status,
            statusText: head.statusText,
            headers: {
                get(name) {
                    const key = name.toLowerCase();
                    const values = head.headers.get(key);
                    if (!values)
                        return null;
                    return SINGLE_VALUED.has(key) ? values[0] : values.join(', ');
                },
            },
            body: () => {
                once.take();
                return chunks();
            },
            bytes,
            text: async () => (await bytes(Number.MAX_SAFE_INTEGER)).toString('utf8'),
            async discard() {
                if (!once.claim() || queue.complete)
                    return;
                if (head.contentLength !== undefined && head.contentLength <= DRAIN_LIMIT_BYTES) {
                    while (await queue.next().catch(() => undefined))
                        ;
                }
                else {
                    abort();
                }
            },
        };
    }
}
/**
 * Requests over pooled HTTP/1.1 connections (see the top of this file). `timeouts`: how long a connection may stay
 * silent, connecting or mid-exchange, before the request fails with ETIMEDOUT.
 */
function createWireHttp(timeouts) {
    const pool = new ConnectionPool();
    return (request) => new Promise((resolve, reject) => {
        const url = httpUrlOf(request);
        const origin = originOf(url);
        const connection = pool.take(origin) ?? pool.connect(origin);
        const exchange = new Exchange(connection, pool, request.method, idleMsOf(request, timeouts), resolve, reject);
        exchange.send(url, request).catch((error) => exchange.fail(error));
    });
}


/***/ }),

/***/ 40427:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B_: () => (/* binding */ createNodeHttp),
/* harmony export */   DA: () => (/* binding */ fetchHttp),
/* harmony export */   NX: () => (/* binding */ MAX_REDIRECTS),
/* harmony export */   kS: () => (/* binding */ defaultHttp),
/* harmony export */   xl: () => (/* binding */ isRedirectStatus)
/* harmony export */ });
/* unused harmony exports IDLE_TIMEOUTS, nodeHttp, wireHttp */
/* harmony import */ var node_stream_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(46466);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36179);
/* harmony import */ var _http_wire_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(84409);



/**
 * node:http through process.getBuiltinModule, not an ES import: importing it as an ES module reads every export,
 * and its lazy WebSocket/MessageEvent getters then load Node's bundled undici, about 25 ms of loading for whoever
 * imports drydock's library entry. (The ncc bundles reach built-ins through require, which reads no getters.) It
 * loads on the first request through nodeHttp, about 4 ms that a step using wireHttp never spends.
 */
let httpModule;
const httpOnce = () => (httpModule ??= process.getBuiltinModule('node:http'));
/** Redirects followed for one request, by the transport and by the token fetch alike. */
const MAX_REDIRECTS = 5;
/** A status whose Location names where to go next (this layer never follows it itself). */
function isRedirectStatus(status) {
    return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
const IDLE_TIMEOUTS = { requestMs: 30_000, streamedUploadMs: 300_000 };
function agentOptions(env) {
    // Proxies as Node's own fetch and global agents honour them: only when NODE_USE_ENV_PROXY=1 asks for it.
    return { keepAlive: true, ...(env['NODE_USE_ENV_PROXY'] === '1' ? { proxyEnv: env } : {}) };
}
/**
 * node:https (and TLS under it) loads on the first https request: about 10 ms of a step's start that a plain-HTTP
 * registry endpoint never needs.
 */
let httpsModule;
const httpsOnce = () => (httpsModule ??= process.getBuiltinModule('node:https'));
let httpAgent;
let httpsAgent;
function sharedAgent(secure) {
    if (secure)
        return (httpsAgent ??= new (httpsOnce().Agent)(agentOptions(process.env)));
    return (httpAgent ??= new (httpOnce().Agent)(agentOptions(process.env)));
}
async function writeStream(request, body) {
    for await (const chunk of body) {
        if (request.destroyed)
            return;
        if (!request.write(chunk)) {
            await new Promise((resolve) => {
                const done = () => {
                    request.off('drain', done);
                    request.off('close', done);
                    resolve();
                };
                request.on('drain', done).on('close', done);
            });
        }
    }
    request.end();
}
/** HEAD answers, 204, 304 and empty bodies: nothing to read, but the connection is only freed once the end is read. */
function hasNoBody(method, response) {
    return method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304 || response.headers['content-length'] === '0';
}
/**
 * Unlike fetch, an unread http response holds its connection, and with it the process, open: every response must be
 * read or discarded. Bodiless ones are drained here, so callers that only look at a HEAD's headers need not.
 */
function fromIncoming(method, response) {
    if (hasNoBody(method, response))
        response.resume();
    const body = (0,_http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .readOnce */ .WY)(response);
    const take = body.take;
    return {
        status: response.statusCode ?? 0,
        statusText: response.statusMessage ?? '',
        headers: {
            get(name) {
                const value = response.headers[name.toLowerCase()];
                return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
            },
        },
        body: take,
        bytes: (limit) => readIncoming(take(), limit),
        text: async () => (await readIncoming(take(), Number.MAX_SAFE_INTEGER)).toString('utf8'),
        async discard() {
            if (!body.claim())
                return;
            if (response.readableEnded || response.destroyed)
                return;
            const length = Number(response.headers['content-length']);
            if (Number.isFinite(length) && length <= _http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .DRAIN_LIMIT_BYTES */ .Ju) {
                response.resume();
                await (0,node_stream_promises__WEBPACK_IMPORTED_MODULE_0__.finished)(response).catch(() => undefined);
            }
            else {
                response.destroy();
            }
        },
    };
}
/** Reads a whole body with plain events: an async iterator per small response costs more than the response. */
function readIncoming(response, limit) {
    // A bodiless answer (a HEAD's) is drained as it arrives, so its end may be past: waiting for it would never end.
    if (response.readableEnded)
        return Promise.resolve(Buffer.alloc(0));
    return new Promise((resolve, reject) => {
        const chunks = [];
        let total = 0;
        response.on('data', (chunk) => {
            total += chunk.byteLength;
            if (total > limit) {
                response.destroy();
                reject(new RangeError(`the response is larger than ${limit} bytes`));
                return;
            }
            chunks.push(chunk);
        });
        response.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total)));
        response.on('error', reject);
        response.on('close', () => {
            if (!response.readableEnded)
                reject(Object.assign(new Error('the connection closed before the response ended'), { code: 'ECONNRESET' }));
        });
    });
}
/**
 * Requests through node:http and node:https with keep-alive connections shared by the whole process. `timeouts` is
 * for tests, which cannot wait 30 s for a stall.
 */
const createNodeHttp = (timeouts = IDLE_TIMEOUTS) => (request) => new Promise((resolve, reject) => {
    const url = (0,_http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .httpUrlOf */ .Bt)(request);
    const secure = url.protocol === 'https:';
    const idleMs = (0,_http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .idleMsOf */ .oA)(request, timeouts);
    const outgoing = (secure ? httpsOnce() : httpOnce()).request(url, {
        method: request.method,
        headers: request.headers,
        agent: sharedAgent(secure),
        timeout: idleMs,
    });
    outgoing.on('response', (response) => {
        response.on('error', () => undefined); // surfaced to whoever reads the body
        resolve(fromIncoming(request.method, response));
    });
    outgoing.on('error', reject);
    outgoing.on('timeout', () => outgoing.destroy((0,_http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .timeoutError */ .w2)(idleMs)));
    const { body } = request;
    if (body === undefined || body instanceof Uint8Array) {
        outgoing.end(body);
        return;
    }
    // A body that fails while being read (a file error, a digest mismatch) aborts the request: the registry never
    // sees a complete upload, and the caller gets the body's own error.
    writeStream(outgoing, body).catch((error) => {
        outgoing.destroy(error);
        reject(error);
    });
});
/** Requests through node:http and node:https. */
const nodeHttp = createNodeHttp();
/** Requests over drydock's own HTTP/1.1 connections (http-wire.ts). */
const wireHttp = (0,_http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .createWireHttp */ .S2)(IDLE_TIMEOUTS);
/**
 * The HTTP layer every registry client uses by default: wireHttp, or nodeHttp when NODE_USE_ENV_PROXY=1 asks for the
 * proxies in the environment to be used (Node's agents implement them; the wire client does not).
 */
const defaultHttp = (request) => (process.env['NODE_USE_ENV_PROXY'] === '1' ? nodeHttp : wireHttp)(request);
/** Adapts a WHATWG fetch: manual redirects, and the two options that keep a streamed upload from being buffered. */
function fetchHttp(fetchImpl) {
    return async (request) => {
        const streaming = request.body !== undefined && !(request.body instanceof Uint8Array);
        const response = await fetchImpl(request.url, {
            method: request.method,
            headers: request.headers,
            ...(request.body === undefined ? {} : { body: request.body }),
            // For a streamed body, 'manual' is not enough to keep memory bounded: any redirect mode but 'error' (and any
            // window but null) makes the Fetch standard clone the request, teeing the body stream, and the unread branch
            // keeps every chunk of the blob until the request ends. An upload PUT is never redirected.
            ...(streaming ? { duplex: 'half', redirect: 'error', window: null } : { redirect: 'manual' }),
        });
        const body = (0,_http_wire_js__WEBPACK_IMPORTED_MODULE_2__/* .readOnce */ .WY)(response);
        const take = body.take;
        return {
            status: response.status,
            statusText: response.statusText,
            headers: response.headers,
            async *body() {
                yield* webStreamChunks(take().body);
            },
            async bytes(limit) {
                return (0,_digest_js__WEBPACK_IMPORTED_MODULE_1__/* .readAll */ .yw)(webStreamChunks(take().body), limit, 'the response');
            },
            text: async () => take().text(),
            async discard() {
                if (!body.claim())
                    return;
                await response.body?.cancel().catch(() => undefined);
            },
        };
    };
}
/** A web stream as chunks (ES2023 typings do not make web streams iterable); leaving early cancels it. */
async function* webStreamChunks(body) {
    if (!body)
        return;
    const reader = body.getReader();
    let finishedReading = false;
    try {
        for (;;) {
            const { done, value } = await reader.read();
            if (done) {
                finishedReading = true;
                return;
            }
            yield value;
        }
    }
    finally {
        if (!finishedReading)
            await reader.cancel().catch(() => undefined);
        reader.releaseLock();
    }
}


/***/ }),

/***/ 89922:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $T: () => (/* binding */ manifestContent),
/* harmony export */   Bq: () => (/* binding */ formatPlatform),
/* harmony export */   Gh: () => (/* binding */ artifactTypeOf),
/* harmony export */   Ih: () => (/* binding */ annotationsOf),
/* harmony export */   Js: () => (/* binding */ attestedDigest),
/* harmony export */   Ng: () => (/* binding */ parseManifest),
/* harmony export */   OR: () => (/* binding */ blobsOf),
/* harmony export */   ZJ: () => (/* binding */ MAX_MANIFEST_BYTES),
/* harmony export */   et: () => (/* binding */ subjectOf),
/* harmony export */   gW: () => (/* binding */ emptyIndex),
/* harmony export */   t4: () => (/* binding */ InvalidManifestError)
/* harmony export */ });
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(36179);
/* harmony import */ var _media_types_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(50443);


/** A manifest that does not have the shape of an OCI/Docker manifest or index. Callers turn it into their own error kind. */
class InvalidManifestError extends Error {
    name = 'InvalidManifestError';
}
/** The limit ECR and the Notary Project both apply; anything larger is refused before it is parsed. */
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
function isRecord(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function checkDescriptor(value, where) {
    if (!isRecord(value))
        throw new InvalidManifestError(`${where} is not a descriptor object`);
    const { mediaType, digest, size } = value;
    if (typeof mediaType !== 'string' || mediaType === '')
        throw new InvalidManifestError(`${where} has no mediaType`);
    if (typeof digest !== 'string' || !(0,_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .isDigest */ .Bc)(digest))
        throw new InvalidManifestError(`${where} has an invalid digest '${String(digest)}'`);
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
        throw new InvalidManifestError(`${where} has an invalid size '${String(size)}'`);
    }
    return value;
}
/**
 * Parses manifest bytes. The media type is the document's own `mediaType` field when present (it is authoritative and
 * covered by the digest), else the hint (a Content-Type or a descriptor), else inferred from the shape as OCI.
 */
function parseManifest(bytes, mediaTypeHint) {
    let document;
    try {
        document = JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch (error) {
        throw new InvalidManifestError(`not valid JSON (${error.message})`);
    }
    if (!isRecord(document))
        throw new InvalidManifestError('not a JSON object');
    if (document.schemaVersion !== 2) {
        throw new InvalidManifestError(`schemaVersion is ${JSON.stringify(document.schemaVersion)}; only schema version 2 is supported`);
    }
    const declared = typeof document.mediaType === 'string' ? document.mediaType : undefined;
    const hint = mediaTypeHint?.split(';')[0]?.trim();
    const mediaType = declared ?? ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isManifestMediaType */ .CM)(hint) ? hint : Array.isArray(document.manifests) ? _media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociIndex : _media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociManifest);
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isIndexMediaType */ .$$)(mediaType)) {
        if (!Array.isArray(document.manifests))
            throw new InvalidManifestError('index has no manifests array');
        document.manifests.forEach((entry, i) => checkDescriptor(entry, `manifests[${i}]`));
        if (document.subject !== undefined)
            checkDescriptor(document.subject, 'subject');
        return { mediaType, parsed: { kind: 'index', index: document } };
    }
    if ((0,_media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .isImageManifestMediaType */ .d6)(mediaType)) {
        checkDescriptor(document.config, 'config');
        if (!Array.isArray(document.layers))
            throw new InvalidManifestError('manifest has no layers array');
        document.layers.forEach((entry, i) => checkDescriptor(entry, `layers[${i}]`));
        if (document.subject !== undefined)
            checkDescriptor(document.subject, 'subject');
        return { mediaType, parsed: { kind: 'image', manifest: document } };
    }
    throw new InvalidManifestError(`media type '${mediaType}' is not an image manifest or index`);
}
/** Parses bytes whose digest is their sha256, building the descriptor that points at them. */
function manifestContent(bytes, mediaTypeHint, extra) {
    const { mediaType, parsed } = parseManifest(bytes, mediaTypeHint);
    const descriptor = { ...extra, mediaType, digest: extra?.digest ?? (0,_digest_js__WEBPACK_IMPORTED_MODULE_0__/* .sha256Digest */ .sI)(bytes), size: bytes.byteLength };
    return { descriptor, bytes, parsed };
}
/** The blobs (config and layers) an image manifest needs; an index needs none of its own. */
function blobsOf(parsed) {
    return parsed.kind === 'image' ? [parsed.manifest.config, ...parsed.manifest.layers] : [];
}
/**
 * The digest of the image manifest an index entry attests to, when the entry is a BuildKit attestation manifest
 * (provenance or SBOM, which `docker buildx build` adds by default): its platform is `unknown/unknown` and these two
 * annotations name what it describes.
 */
function attestedDigest(entry) {
    const annotations = entry.annotations;
    return annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ? annotations['vnd.docker.reference.digest'] : undefined;
}
/** `linux/arm64/v8` for log lines and results. */
function formatPlatform(platform) {
    if (!platform)
        return undefined;
    return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}
/** A fresh, empty OCI index: the referrers tag schema starts from this when no index exists yet. */
function emptyIndex() {
    return { schemaVersion: 2, mediaType: _media_types_js__WEBPACK_IMPORTED_MODULE_1__/* .MediaType */ .zu.ociIndex, manifests: [] };
}
/**
 * The artifact type the referrers API reports for a manifest: its artifactType, else its config media type
 * (OCI distribution spec, "Listing Referrers").
 */
function artifactTypeOf(parsed) {
    if (parsed.kind === 'index')
        return parsed.index.artifactType;
    return parsed.manifest.artifactType ?? parsed.manifest.config.mediaType;
}
function subjectOf(parsed) {
    return parsed.kind === 'index' ? parsed.index.subject : parsed.manifest.subject;
}
function annotationsOf(parsed) {
    return parsed.kind === 'index' ? parsed.index.annotations : parsed.manifest.annotations;
}


/***/ }),

/***/ 50443:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $$: () => (/* binding */ isIndexMediaType),
/* harmony export */   CM: () => (/* binding */ isManifestMediaType),
/* harmony export */   d6: () => (/* binding */ isImageManifestMediaType),
/* harmony export */   dY: () => (/* binding */ MANIFEST_ACCEPT),
/* harmony export */   zu: () => (/* binding */ MediaType)
/* harmony export */ });
/** The media types drydock reads and writes. OCI and Docker names for the same roles are both accepted everywhere. */
const MediaType = {
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociConfig: 'application/vnd.oci.image.config.v1+json',
    ociEmpty: 'application/vnd.oci.empty.v1+json',
    ociLayer: 'application/vnd.oci.image.layer.v1.tar',
    ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
    dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerConfig: 'application/vnd.docker.container.image.v1+json',
    dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
    dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
};
/**
 * Sent with every manifest GET/HEAD. Without the index types a registry answers a multi-platform tag with one platform's
 * manifest (or a schema 1 conversion), so the list must name all four.
 */
const MANIFEST_ACCEPT = [
    MediaType.ociManifest,
    MediaType.ociIndex,
    MediaType.dockerManifest,
    MediaType.dockerManifestList,
].join(', ');
function isIndexMediaType(mediaType) {
    return mediaType === MediaType.ociIndex || mediaType === MediaType.dockerManifestList;
}
function isImageManifestMediaType(mediaType) {
    return mediaType === MediaType.ociManifest || mediaType === MediaType.dockerManifest;
}
function isManifestMediaType(mediaType) {
    return isIndexMediaType(mediaType) || isImageManifestMediaType(mediaType);
}


/***/ }),

/***/ 99309:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  b: () => (/* binding */ RegistryClient)
});

// UNUSED EXPORTS: MAX_REFERRERS_PAGES

// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/clock.js
var clock = __webpack_require__(98091);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/lru.js
var lru = __webpack_require__(90460);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/core/retry.js
var retry = __webpack_require__(50711);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/digest.js
var oci_digest = __webpack_require__(36179);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/manifest.js
var oci_manifest = __webpack_require__(89922);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/media-types.js
var media_types = __webpack_require__(50443);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/reference.js
var reference = __webpack_require__(92474);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/registry-errors.js
var registry_errors = __webpack_require__(51606);
// EXTERNAL MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/http.js
var http = __webpack_require__(40427);
;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/auth.js



/**
 * Parses a WWW-Authenticate header, which may carry several challenges:
 * `Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull", Basic realm="x"`.
 */
function parseWwwAuthenticate(header) {
    const challenges = [];
    const token = /\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)/y;
    let position = 0;
    while (position < header.length) {
        token.lastIndex = position;
        const word = token.exec(header);
        if (!word)
            break;
        position = token.lastIndex;
        const rest = header.slice(position);
        const param = /^\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/.exec(rest);
        const current = challenges[challenges.length - 1];
        if (param && current) {
            current.params[word[1].toLowerCase()] = param[1] !== undefined ? param[1].replace(/\\(.)/g, '$1') : (param[2] ?? '');
            position += param[0].length;
        }
        else {
            challenges.push({ scheme: word[1].toLowerCase(), params: {} });
            const comma = /^\s*,/.exec(rest);
            if (comma)
                position += comma[0].length;
        }
    }
    return challenges;
}
/** Distribution's token spec: tokens without expires_in live 60 seconds. */
const DEFAULT_TOKEN_LIFETIME_S = 60;
/** Renew a little early so a token does not expire between being chosen and being checked by the registry. */
const EXPIRY_MARGIN_MS = 10_000;
function basicHeader(credentials) {
    switch (credentials.kind) {
        case 'anonymous':
            return undefined;
        case 'basic':
            return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
        case 'basic-token':
            return `Basic ${credentials.token}`;
    }
}
/**
 * Decides the Authorization header of each registry request. It learns the registry's scheme from the challenge of
 * the first 401 (the ping's, when there are credentials), then authenticates up front: Basic on every request, or a
 * Bearer token per scope, cached until shortly before it expires. Up-front authentication matters for streaming
 * uploads, whose body cannot be replayed after a 401.
 */
class RegistryAuthorizer {
    options;
    mode = { kind: 'none' };
    tokens = new Map();
    /** Parallel uploads needing the same scope share one token request. */
    pending = new Map();
    constructor(options) {
        this.options = options;
    }
    /**
     * Takes in a challenge. Returns true when it changed what would be sent (a new scheme or realm), so a request that
     * was refused is worth repeating once.
     */
    learn(header) {
        const challenges = header ? parseWwwAuthenticate(header) : [];
        const bearer = challenges.find((c) => c.scheme === 'bearer' && c.params.realm);
        const basic = challenges.find((c) => c.scheme === 'basic');
        let next;
        if (bearer) {
            next = { kind: 'bearer', realm: bearer.params.realm, ...(bearer.params.service ? { service: bearer.params.service } : {}) };
        }
        else if (basic || challenges.length === 0) {
            // A 401 with no usable challenge: Basic is the only thing left to try.
            next = { kind: 'basic' };
        }
        else {
            throw new registry_errors/* RegistryError */.gl(`registry ${this.options.registry} asks for unsupported authentication '${challenges.map((c) => c.scheme).join(', ')}'`, { operation: { description: `authenticating to ${this.options.registry}` }, status: 401, transient: false });
        }
        const changed = JSON.stringify(next) !== JSON.stringify(this.mode);
        this.mode = next;
        return changed;
    }
    /**
     * Forgets a token the registry refused, so the next request fetches a new one. Returns true when one was cached.
     * With `refused`, only that very header is forgotten: a parallel request may already have cached its successor.
     */
    forget(scopes, refused) {
        const key = scopeKey(scopes);
        if (refused !== undefined && this.tokens.get(key)?.header !== refused)
            return false;
        return this.tokens.delete(key);
    }
    get scheme() {
        return this.mode.kind;
    }
    async authorization(scopes) {
        const mode = this.mode;
        if (mode.kind === 'none')
            return undefined;
        if (mode.kind === 'basic')
            return basicHeader(this.options.credentials);
        const key = scopeKey(scopes);
        const cached = this.tokens.get(key);
        if (cached && cached.expiresAt > this.options.clock.now())
            return cached.header;
        let inFlight = this.pending.get(key);
        if (!inFlight) {
            inFlight = this.fetchToken(mode, scopes).finally(() => this.pending.delete(key));
            this.pending.set(key, inFlight);
        }
        const token = await inFlight;
        this.tokens.set(key, token);
        return token.header;
    }
    /**
     * A token realm may redirect (to a regional endpoint, say). Credentials follow only within the same origin, as
     * browsers do, and never from https down to plain http.
     */
    async getFollowingRedirects(start, headers) {
        let url = start;
        for (let hop = 0;; hop++) {
            const sameOrigin = url.origin === start.origin;
            const { authorization, ...rest } = headers;
            const response = await this.options.http({ method: 'GET', url: url.toString(), headers: sameOrigin || !authorization ? headers : rest });
            const location = response.headers.get('location');
            if (!(0,http/* isRedirectStatus */.xl)(response.status) || !location)
                return response;
            await response.discard();
            if (hop >= http/* MAX_REDIRECTS */.NX)
                throw new Error(`more than ${http/* MAX_REDIRECTS */.NX} redirects`);
            const next = new URL(location, url);
            if (next.protocol !== 'https:' && !(next.protocol === 'http:' && this.options.allowHttp)) {
                throw new Error(`the token realm redirected to ${next.origin}, which is not https`);
            }
            url = next;
        }
    }
    async fetchToken(mode, scopes) {
        const operation = {
            description: `authenticating to ${this.options.registry}${scopes.length ? ` for ${scopes.join(' ')}` : ''}`,
        };
        let url;
        try {
            url = new URL(mode.realm);
        }
        catch {
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the token realm '${mode.realm}' is not a URL`, { operation, transient: false });
        }
        if (url.protocol !== 'https:' && !(url.protocol === 'http:' && this.options.allowHttp)) {
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the token realm ${mode.realm} is not https; credentials are only sent over TLS`, { operation, transient: false });
        }
        if (mode.service)
            url.searchParams.set('service', mode.service);
        for (const scope of scopes)
            url.searchParams.append('scope', scope);
        const headers = { accept: 'application/json' };
        const basic = basicHeader(this.options.credentials);
        if (basic)
            headers.authorization = basic;
        const started = this.options.clock.now();
        // One attempt: every caller is inside a retried request, which tries again (and fetches again) on a transient failure.
        let response;
        try {
            response = await this.getFollowingRedirects(url, headers);
        }
        catch (error) {
            throw (0,registry_errors/* errorFromNetwork */.nL)(operation, error);
        }
        const body = await response.text().catch(() => '');
        if (response.status !== 200) {
            const hint = response.status === 401 || response.status === 403 ? 'Check the registry credentials' : undefined;
            throw (0,registry_errors/* errorFromStatus */.x$)(operation, response.status, response.statusText, body, (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after'), this.options.clock.now()), hint);
        }
        let parsed;
        try {
            parsed = JSON.parse(body);
        }
        catch {
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the token server's answer is not JSON`, { operation, transient: false });
        }
        const token = typeof parsed.token === 'string' ? parsed.token : typeof parsed.access_token === 'string' ? parsed.access_token : undefined;
        if (!token)
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the token server sent no token`, { operation, transient: false });
        this.options.secrets?.add(token);
        const lifetimeS = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : DEFAULT_TOKEN_LIFETIME_S;
        // Our own clock, not issued_at: the server's clock may be skewed against ours.
        const expiresAt = started + Math.max(lifetimeS * 1000 - EXPIRY_MARGIN_MS, lifetimeS * 500);
        return { header: `Bearer ${token}`, expiresAt };
    }
}
function scopeKey(scopes) {
    return [...scopes].sort().join(' ');
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/transport.js




const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };
/**
 * One registry's HTTP layer: URL resolution, authentication, retries and error mapping. Every request the client
 * makes goes through `request` (retried) or `sendStream` (one attempt; the caller retries with a fresh stream).
 */
class RegistryHttp {
    options;
    authorizer;
    /** The ping that learns the auth scheme; shared by all requests, cleared when it fails so the next one tries again. */
    pinged;
    /** Some answer (the ping's, or any request's) has shown how this registry authenticates. */
    schemeKnown = false;
    /** options.baseUrl, parsed once: every request is resolved against it and compared with its origin. */
    base;
    constructor(options) {
        this.options = options;
        this.base = new URL(options.baseUrl);
        this.authorizer = new RegistryAuthorizer({
            registry: options.registry,
            credentials: options.credentials,
            http: options.http,
            clock: options.clock,
            allowHttp: options.allowHttp,
            ...(options.secrets ? { secrets: options.secrets } : {}),
        });
    }
    get registry() {
        return this.options.registry;
    }
    resolve(url) {
        return new URL(url, this.base).toString();
    }
    /**
     * Where a request goes, and whether the registry's credentials may go with it: only to the registry's own origin.
     * An upload Location or a Link page on another host is sent without Authorization (containerd drops its authorizer
     * there too), and its 401 teaches nothing about the registry. A URL that would take a request from https down to
     * plain http is refused unless plain http was allowed.
     */
    target(request) {
        const url = new URL(request.url, this.base);
        if (url.protocol !== this.base.protocol && !(url.protocol === 'https:' || this.options.allowHttp)) {
            throw new registry_errors/* RegistryError */.gl(`${request.operation.description} failed: the registry sent it to ${url.origin}, which is not https; refusing to send it unencrypted`, { operation: request.operation, transient: false });
        }
        return { url: url.toString(), ownOrigin: url.origin === this.base.origin };
    }
    /** `GET /v2/`: 200 means no authentication; 401 carries the challenge that says how to authenticate. */
    ping() {
        this.pinged ??= this.pingOnce().catch((error) => {
            this.pinged = undefined;
            throw error;
        });
        return this.pinged;
    }
    async pingOnce() {
        const operation = { description: `pinging registry ${this.options.registry}` };
        const request = { method: 'GET', url: '/v2/', scopes: [], operation, expect: [200, 401] };
        const response = await this.retrying(operation, async () => this.checked(request, await this.sendOnce(request, this.resolve(request.url), undefined)));
        await response.discard();
        if (response.status === 401)
            this.authorizer.learn(response.headers.get('www-authenticate'));
        this.schemeKnown = true;
    }
    /**
     * What must happen before a request with a replayable body. With credentials, the ping: it learns the scheme once,
     * so no request is refused for lack of them. Anonymous clients skip it (as containerd does): most such registries
     * need no authentication, and for the others a request's own 401 teaches the scheme and the request is repeated,
     * so the first requests of a run go out one round trip sooner.
     */
    async beforeRequest() {
        if (this.options.credentials.kind !== 'anonymous')
            await this.ping();
    }
    /** Sends a request with retries on transient failures; returns the response (body unread) for an expected status. */
    async request(request) {
        await this.beforeRequest();
        return this.retrying(request.operation, () => this.sendAuthenticated(request));
    }
    /** One attempt without retries, for callers that retry a larger operation themselves (an upload: POST then PUT). */
    async requestOnce(request) {
        await this.beforeRequest();
        return this.sendAuthenticated(request);
    }
    /**
     * Like `request`, and reads the (small) response body within the same attempt, so a connection dropped mid-body is
     * retried like any other transient failure. Bodies over `limit` bytes are refused.
     */
    async requestBytes(request, limit) {
        await this.beforeRequest();
        return (0,retry/* withRetry */.bD)(async () => {
            const response = await this.sendAuthenticated(request);
            let bytes;
            try {
                bytes = await response.bytes(limit);
            }
            catch (error) {
                if (error instanceof RangeError) {
                    throw new registry_errors/* RegistryError */.gl(`${request.operation.description} failed: ${error.message}`, { operation: request.operation, transient: false });
                }
                throw (0,registry_errors/* errorFromNetwork */.nL)(request.operation, error);
            }
            return { response, bytes };
        }, this.retryOptions(request.operation));
    }
    /**
     * Sends a request whose body is a stream, once: a stream cannot be replayed, so a failure is thrown for the caller
     * to restart the whole operation with a freshly opened stream. Authentication happens up front (see RegistryAuthorizer).
     */
    async sendStream(request) {
        // A streamed body cannot be sent twice: the scheme must be known before it goes out.
        if (!this.schemeKnown)
            await this.ping();
        const target = this.target(request);
        const authorization = target.ownOrigin ? await this.authorizer.authorization(request.scopes) : undefined;
        const headers = { ...request.headers, 'content-length': String(request.contentLength) };
        let response;
        try {
            response = await this.options.http({
                method: request.method,
                url: target.url,
                headers: this.headers(headers, authorization),
                body: request.contentLength === 0 ? new Uint8Array(0) : request.body,
            });
        }
        catch (error) {
            throw (0,registry_errors/* errorFromNetwork */.nL)(request.operation, error, target.url);
        }
        if (response.status === 401 && target.ownOrigin) {
            // A token that expired mid-run: forget it; the caller's retry will fetch a new one.
            const renewed = this.authorizer.learn(response.headers.get('www-authenticate')) || this.authorizer.forget(request.scopes, authorization);
            const error = await this.failure(request.operation, response);
            if (renewed)
                throw new registry_errors/* RegistryError */.gl(error.message, { operation: request.operation, status: 401, transient: true });
            throw error;
        }
        if (!request.expect.includes(response.status))
            throw await this.failure(request.operation, response);
        return response;
    }
    retrying(operation, attempt) {
        return (0,retry/* withRetry */.bD)(attempt, this.retryOptions(operation));
    }
    retryOptions(operation) {
        return {
            ...this.options.retry,
            clock: this.options.clock,
            classify: registry_errors/* classifyRegistryFailure */.kM,
            // A stall is visible (the step sat silent for the idle timeout, and may again); throttling and blips are not.
            onRetry: (error, number, delayMs) => {
                const line = `retrying ${operation.description} in ${delayMs} ms (attempt ${number + 1} of ${this.options.retry.attempts}): ${error.message}`;
                if ((0,registry_errors/* isStall */.XF)(error))
                    this.options.logger?.info(line);
                else
                    this.options.logger?.debug(line);
            },
        };
    }
    /**
     * One attempt, plus at most one repeat after a 401 when the request would now go out with other credentials: the
     * challenge taught a scheme (or a parallel request already did), or the refused token was forgotten and renewed.
     */
    async sendAuthenticated(request) {
        const target = this.target(request);
        if (!target.ownOrigin)
            return this.checked(request, await this.sendOnce(request, target.url, undefined));
        const sent = await this.authorizer.authorization(request.scopes);
        const first = await this.sendOnce(request, target.url, sent);
        this.schemeKnown = true; // an answer, 401 or not, shows how the registry authenticates
        if (first.status !== 401 || request.expect.includes(401))
            return this.checked(request, first);
        this.authorizer.learn(first.headers.get('www-authenticate'));
        if (sent !== undefined)
            this.authorizer.forget(request.scopes, sent);
        const next = await this.authorizer.authorization(request.scopes);
        if (next === undefined || next === sent)
            return this.checked(request, first);
        await first.discard();
        return this.checked(request, await this.sendOnce(request, target.url, next));
    }
    async checked(request, response) {
        if (request.expect.includes(response.status))
            return response;
        throw await this.failure(request.operation, response);
    }
    async failure(operation, response) {
        const body = await response.text().catch(() => '');
        const hint = response.status === 401
            ? this.options.credentials.kind === 'anonymous'
                ? 'The registry needs credentials and none were given'
                : 'Check the registry credentials (an ECR token lasts 12 hours)'
            : undefined;
        return (0,registry_errors/* errorFromStatus */.x$)(operation, response.status, response.statusText, body, (0,retry/* parseRetryAfter */.mu)(response.headers.get('retry-after'), this.options.clock.now()), hint);
    }
    /** Sends one request to `start`, following redirects by hand so Authorization never reaches the redirect target. */
    async sendOnce(request, start, authorization) {
        let url = start;
        let sendAuthorization = authorization;
        for (let hop = 0;; hop++) {
            let response;
            try {
                response = await this.options.http({
                    method: request.method,
                    url,
                    headers: this.headers(request.headers ?? {}, sendAuthorization),
                    ...(request.body ? { body: request.body } : {}),
                });
            }
            catch (error) {
                throw (0,registry_errors/* errorFromNetwork */.nL)(request.operation, error, url);
            }
            const location = response.headers.get('location');
            if (!(0,http/* isRedirectStatus */.xl)(response.status) || !request.followRedirects || !location || request.expect.includes(response.status))
                return response;
            if (hop >= http/* MAX_REDIRECTS */.NX) {
                throw new registry_errors/* RegistryError */.gl(`${request.operation.description} failed: more than ${http/* MAX_REDIRECTS */.NX} redirects`, {
                    operation: request.operation,
                    status: response.status,
                    transient: false,
                });
            }
            await response.discard();
            url = new URL(location, url).toString();
            // The redirect target (S3, a CDN) authenticates by its URL; registry credentials must not leak to it, and S3
            // refuses a request that carries both.
            sendAuthorization = undefined;
        }
    }
    headers(base, authorization) {
        const headers = { ...base };
        if (authorization)
            headers.authorization = authorization;
        if (this.options.userAgent)
            headers['user-agent'] = this.options.userAgent;
        return headers;
    }
}

;// CONCATENATED MODULE: ./node_modules/.cache/drydock-bundle/lib/oci/registry-client.js










/** The all-zero digest oras-go probes the referrers API with: it never has referrers, so a 200 proves the API exists. */
const ZERO_DIGEST = `sha256:${'0'.repeat(64)}`;
/** Configs and referrer indexes are read whole; nothing legitimately that small grows past this. */
const MAX_BUFFERED_BLOB_BYTES = 64 * 1024 * 1024;
function nextLink(header) {
    if (!header)
        return undefined;
    for (const part of header.split(',')) {
        const match = /<([^>]*)>\s*;(.*)/.exec(part.trim());
        if (match && /(?:^|;)\s*rel="?next"?\s*(?:;|$)/.test(match[2]))
            return match[1];
    }
    return undefined;
}
/** A Content-Length header's byte count; undefined when it is absent or not a plain decimal number. */
function byteCount(header) {
    if (header === null || !/^\d{1,15}$/.test(header.trim()))
        return undefined;
    return Number(header.trim());
}
/** A tag list or referrers page; generous, since a page of a busy repository can hold thousands of entries. */
const MAX_LISTING_BYTES = 16 * 1024 * 1024;
/**
 * Referrers pages followed for one subject. A registry that keeps linking a next page (a loop, or a hostile one) must
 * not hold a verification forever; real registries put hundreds of referrers on a page.
 */
const MAX_REFERRERS_PAGES = 64;
function tagListUrl(repository, pageSize) {
    return `/v2/${repository}/tags/list${pageSize ? `?n=${pageSize}` : ''}`;
}
function parseJson(bytes) {
    try {
        return JSON.parse(Buffer.from(bytes).toString('utf8'));
    }
    catch {
        return undefined;
    }
}
function pullScope(repository) {
    return `repository:${repository}:pull`;
}
function pushScope(repository) {
    return `repository:${repository}:pull,push`;
}
function deleteScope(repository) {
    return `repository:${repository}:pull,push,delete`;
}
/**
 * A client for one registry's Distribution API (OCI distribution spec 1.1): manifests, blobs, tags and referrers.
 * Every request is retried on transient failures; uploads are monolithic (one POST, one streaming PUT), because ECR
 * loses data from chunked PATCH uploads.
 */
class RegistryClient {
    registry;
    http;
    retry;
    clock;
    logger;
    referrersSupport = new Map();
    constructor(options) {
        this.registry = options.registry;
        this.retry = { ...DEFAULT_RETRY, ...options.retry };
        this.clock = options.clock ?? clock/* systemClock */.m;
        this.logger = options.logger;
        const scheme = options.insecureHttp ? 'http' : 'https';
        this.http = new RegistryHttp({
            registry: options.registry,
            baseUrl: `${scheme}://${(0,reference/* registryApiHost */.Mb)(options.registry)}`,
            credentials: options.credentials ?? { kind: 'anonymous' },
            http: options.fetch ? (0,http/* fetchHttp */.DA)(options.fetch) : http/* defaultHttp */.kS,
            clock: this.clock,
            retry: this.retry,
            allowHttp: options.insecureHttp ?? false,
            ...(options.logger ? { logger: options.logger } : {}),
            ...(options.userAgent ? { userAgent: options.userAgent } : {}),
            ...(options.secrets ? { secrets: options.secrets } : {}),
        });
    }
    /** Checks the registry answers the Distribution API and learns how it authenticates. */
    async ping() {
        await this.http.ping();
    }
    /** The manifest's descriptor, or undefined when the registry does not have it. */
    async headManifest(repository, reference) {
        const operation = { description: `checking manifest ${(0,oci_digest/* shortDigest */.VK)(reference)} in ${repository}`, repository };
        const response = await this.http.request({
            method: 'HEAD',
            url: `/v2/${repository}/manifests/${reference}`,
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY },
            scopes: [pullScope(repository)],
            operation,
            expect: [200, 404],
        });
        if (response.status === 404)
            return undefined;
        const digest = response.headers.get('docker-content-digest');
        const size = byteCount(response.headers.get('content-length'));
        const mediaType = response.headers.get('content-type')?.split(';')[0]?.trim();
        if (digest && (0,oci_digest/* isDigest */.Bc)(digest) && size !== undefined && mediaType)
            return { mediaType, digest, size };
        // ECR may leave Docker-Content-Digest out, and a proxy may drop Content-Length from a HEAD answer (a size of 0
        // would be signed into the subject descriptor); the descriptor then comes from the bytes.
        return (await this.getManifest(repository, reference)).descriptor;
    }
    /** Reads a manifest or index; the digest is checked against the bytes (and against the reference when it is one). */
    async findManifest(repository, reference) {
        const operation = { description: `reading manifest ${(0,oci_digest/* shortDigest */.VK)(reference)} from ${repository}`, repository };
        const { response, bytes } = await this.http.requestBytes({
            method: 'GET',
            url: `/v2/${repository}/manifests/${reference}`,
            headers: { accept: media_types/* MANIFEST_ACCEPT */.dY },
            scopes: [pullScope(repository)],
            operation,
            expect: [200, 404],
        }, oci_manifest/* MAX_MANIFEST_BYTES */.ZJ);
        if (response.status === 404)
            return undefined;
        const answered = response.headers.get('docker-content-digest');
        return this.checkedManifest(operation, bytes, response.headers.get('content-type') ?? undefined, [
            ...((0,oci_digest/* isDigest */.Bc)(reference) ? [reference] : []),
            ...(answered ? [answered] : []),
        ]);
    }
    async getManifest(repository, reference) {
        const found = await this.findManifest(repository, reference);
        if (!found) {
            throw new registry_errors/* RegistryError */.gl(`reading manifest ${(0,oci_digest/* shortDigest */.VK)(reference)} from ${repository} failed: 404 MANIFEST_UNKNOWN`, {
                operation: { description: `reading manifest ${reference} from ${repository}`, repository },
                status: 404,
                code: 'MANIFEST_UNKNOWN',
                transient: false,
            });
        }
        return found;
    }
    checkedManifest(operation, bytes, contentType, expectedDigests) {
        let content;
        try {
            content = (0,oci_manifest/* manifestContent */.$T)(bytes, contentType);
        }
        catch (error) {
            if (error instanceof oci_manifest/* InvalidManifestError */.t4) {
                throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the registry sent an invalid manifest: ${error.message}`, { operation, transient: false, cause: error });
            }
            throw error;
        }
        for (const expected of expectedDigests) {
            // Checked with the expected digest's own algorithm; the content's digest stays its sha256.
            try {
                (0,oci_digest/* verifyBytes */.RV)(bytes, { digest: expected, size: bytes.byteLength }, `${operation.description}`);
            }
            catch (error) {
                if (error instanceof oci_digest/* DigestMismatchError */.h) {
                    throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the registry sent bytes that do not match ${expected}`, {
                        operation,
                        transient: false,
                        cause: error,
                    });
                }
                throw error;
            }
            if ((0,oci_digest/* parseDigest */.m)(expected)?.algorithm === 'sha256')
                content = { ...content, descriptor: { ...content.descriptor, digest: expected } };
        }
        return content;
    }
    /** Writes a manifest under a tag or its digest. The bytes are sent verbatim, so the digest is the one the caller computed. */
    async putManifest(repository, reference, manifest) {
        const kind = manifest.mediaType.includes('index') || manifest.mediaType.includes('list') ? 'index' : 'manifest';
        const operation = {
            description: (0,oci_digest/* isDigest */.Bc)(reference)
                ? `pushing ${kind} ${(0,oci_digest/* shortDigest */.VK)(reference)} to ${repository}`
                : `tagging ${repository}:${reference}`,
            repository,
        };
        const response = await this.http.request({
            method: 'PUT',
            url: `/v2/${repository}/manifests/${reference}`,
            headers: { 'content-type': manifest.mediaType },
            body: manifest.bytes,
            scopes: [pushScope(repository)],
            operation,
            expect: [200, 201, 204],
        });
        await response.discard();
        const computed = (0,oci_manifest/* manifestContent */.$T)(manifest.bytes, manifest.mediaType).descriptor.digest;
        const answered = response.headers.get('docker-content-digest');
        if (answered && (0,oci_digest/* parseDigest */.m)(answered)?.algorithm === 'sha256' && answered !== computed) {
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the registry stored digest ${answered}, expected ${computed}`, {
                operation,
                transient: false,
            });
        }
        const subject = response.headers.get('oci-subject');
        return { digest: computed, ...(subject ? { subject } : {}) };
    }
    /**
     * Deletes a manifest by its digest: how a push that failed half-way takes back the manifest it had written. A manifest
     * already gone counts as deleted. Registries that refuse deletes (405, or a token without the delete action) throw.
     */
    async deleteManifest(repository, digest) {
        const response = await this.http.request({
            method: 'DELETE',
            url: `/v2/${repository}/manifests/${digest}`,
            scopes: [deleteScope(repository)],
            operation: { description: `deleting manifest ${(0,oci_digest/* shortDigest */.VK)(digest)} from ${repository}`, repository },
            expect: [200, 202, 204, 404],
        });
        await response.discard();
    }
    /** Whether the repository has the blob. A redirect counts as yes: the registry is pointing at where it keeps it. */
    async hasBlob(repository, digest) {
        const response = await this.http.request({
            method: 'HEAD',
            url: `/v2/${repository}/blobs/${digest}`,
            scopes: [pullScope(repository)],
            operation: { description: `checking blob ${(0,oci_digest/* shortDigest */.VK)(digest)} in ${repository}`, repository },
            expect: [200, 404, 307, 302],
        });
        await response.discard();
        return response.status !== 404;
    }
    /**
     * Asks the registry to link a blob from another repository instead of uploading it. 201 means done; 202 means the
     * registry declined (ECR mounts only when enabled, same account and encryption) and opened an upload session instead.
     */
    async mountBlob(repository, digest, fromRepository) {
        const response = await this.http.request({
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(fromRepository)}`,
            headers: { 'content-length': '0' },
            scopes: [pushScope(repository), pullScope(fromRepository)],
            operation: { description: `mounting blob ${(0,oci_digest/* shortDigest */.VK)(digest)} from ${fromRepository} into ${repository}`, repository },
            expect: [201, 202],
        });
        await response.discard();
        if (response.status === 201)
            return { mounted: true };
        return { mounted: false, uploadUrl: this.uploadLocation(response, repository) };
    }
    uploadLocation(response, repository) {
        const location = response.headers.get('location');
        if (!location) {
            throw new registry_errors/* RegistryError */.gl(`starting an upload to ${repository} failed: the registry sent no Location`, {
                operation: { description: `starting an upload to ${repository}`, repository },
                transient: true,
            });
        }
        return location;
    }
    /**
     * Uploads a blob: POST opens a session, then one PUT streams the whole blob with `?digest=`. The bytes are checked
     * against the descriptor while they stream, so wrong content never completes an upload. Any failure restarts from a
     * fresh POST with a freshly opened stream; `uploadUrl` (from a declined mount) is used for the first attempt only.
     */
    async uploadBlob(repository, descriptor, open, options = {}) {
        const operation = { description: `pushing blob ${(0,oci_digest/* shortDigest */.VK)(descriptor.digest)} to ${repository}`, repository };
        let session = options.uploadUrl;
        await (0,retry/* withRetry */.bD)(async () => {
            const location = session ?? (await this.startUpload(repository, operation));
            session = undefined;
            const target = new URL(this.http.resolve(location));
            target.searchParams.set('digest', descriptor.digest);
            try {
                const response = await this.http.sendStream({
                    method: 'PUT',
                    url: target.toString(),
                    headers: { 'content-type': 'application/octet-stream' },
                    body: (0,oci_digest/* verifyingStream */.oP)(await open(), descriptor, `blob ${descriptor.digest}`),
                    contentLength: descriptor.size,
                    scopes: [pushScope(repository)],
                    operation,
                    expect: [201, 204, 200],
                });
                await response.discard();
            }
            catch (error) {
                throw (0,registry_errors/* findDigestMismatch */.Sz)(error) ?? error;
            }
        }, {
            ...this.retry,
            clock: this.clock,
            classify: registry_errors/* classifyRegistryFailure */.kM,
            onRetry: (error, attempt, delayMs) => this.logger?.info(`${operation.description}: ${error.message}; starting the upload again in ${delayMs} ms (attempt ${attempt + 1})`),
        });
    }
    /**
     * Opens an upload session ahead of time (POST, retried on transient failures) and returns its location, for a later
     * `uploadBlob(..., { uploadUrl })`: a caller that will know what to upload only later saves that round trip then.
     * A session that ends up unused should be given to `cancelUpload`.
     */
    openUpload(repository) {
        return this.startUpload(repository, { description: `starting an upload to ${repository}`, repository }, { retry: true });
    }
    /**
     * Cancels an unused upload session (DELETE on its location), so it does not linger until the registry purges it.
     * Best effort, one attempt: a registry that cannot cancel sessions (404, 405) expires them itself; failures are ignored.
     */
    async cancelUpload(repository, uploadUrl) {
        try {
            const response = await this.http.requestOnce({
                method: 'DELETE',
                url: uploadUrl,
                scopes: [pushScope(repository)],
                operation: { description: `cancelling an upload to ${repository}`, repository },
                expect: [204, 200, 202, 404, 405],
            });
            await response.discard();
        }
        catch {
            // Nothing was written through the session; the registry expires it.
        }
    }
    /**
     * POST to open a session. One attempt unless `retry`: uploadBlob retries the POST and the PUT together, so retrying
     * here too would multiply attempts.
     */
    async startUpload(repository, operation, options = {}) {
        const request = {
            method: 'POST',
            url: `/v2/${repository}/blobs/uploads/`,
            headers: { 'content-length': '0' },
            scopes: [pushScope(repository)],
            operation,
            expect: [202],
        };
        const response = await (options.retry ? this.http.request(request) : this.http.requestOnce(request));
        await response.discard();
        return this.uploadLocation(response, repository);
    }
    /**
     * Opens a blob for reading, following redirects without Authorization. With `verify` (the default) the stream fails
     * when the bytes do not match the descriptor; a caller that verifies downstream anyway can turn it off.
     */
    async openBlob(repository, descriptor, options = {}) {
        const operation = { description: `reading blob ${(0,oci_digest/* shortDigest */.VK)(descriptor.digest)} from ${repository}`, repository };
        const response = await this.http.request({
            method: 'GET',
            url: `/v2/${repository}/blobs/${descriptor.digest}`,
            scopes: [pullScope(repository)],
            operation,
            expect: [200],
            followRedirects: true,
        });
        const length = response.headers.get('content-length');
        if (length !== null && Number(length) !== descriptor.size) {
            await response.discard();
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the registry sent ${length} bytes, the descriptor says ${descriptor.size}`, {
                operation,
                transient: false,
            });
        }
        const body = response.body();
        return options.verify === false ? body : (0,oci_digest/* verifyingStream */.oP)(body, descriptor, `blob ${descriptor.digest} from ${repository}`);
    }
    /** Reads a small blob (a config, a signature envelope) whole, verified. */
    async readBlob(repository, descriptor, limit = MAX_BUFFERED_BLOB_BYTES) {
        const operation = { description: `reading blob ${(0,oci_digest/* shortDigest */.VK)(descriptor.digest)} from ${repository}`, repository };
        if (descriptor.size > limit) {
            throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: ${descriptor.size} bytes is over the ${limit} byte limit`, { operation, transient: false });
        }
        const { bytes } = await this.http.requestBytes({ method: 'GET', url: `/v2/${repository}/blobs/${descriptor.digest}`, scopes: [pullScope(repository)], operation, expect: [200], followRedirects: true }, limit);
        (0,oci_digest/* verifyBytes */.RV)(bytes, descriptor, `blob ${descriptor.digest} from ${repository}`);
        return bytes;
    }
    /** Every tag of a repository, following `Link` pages; an unknown repository has none. */
    async listTags(repository, options = {}) {
        const tags = [];
        let url = tagListUrl(repository, options.pageSize);
        while (url) {
            const page = await this.fetchTagPage(repository, url, MAX_LISTING_BYTES);
            tags.push(...page.tags);
            url = page.next;
        }
        return tags;
    }
    /**
     * The first page of a repository's tags (at most `pageSize`, if the registry honours `n`; docker-registry 2.8 sends
     * them all), read only up to `limit` bytes, and whether it is all of them: no `Link` to a next page. For callers
     * that want the listing only when it is cheap; an unknown repository has no tags.
     */
    async firstTagPage(repository, pageSize, limit) {
        const page = await this.fetchTagPage(repository, tagListUrl(repository, pageSize), limit);
        return { tags: page.tags, complete: page.next === undefined };
    }
    async fetchTagPage(repository, url, limit) {
        const operation = { description: `listing tags of ${repository}`, repository };
        const { response, bytes } = await this.http.requestBytes({ method: 'GET', url, scopes: [pullScope(repository)], operation, expect: [200, 404] }, limit);
        if (response.status === 404)
            return { tags: [], next: undefined };
        const page = parseJson(bytes);
        const tags = Array.isArray(page?.tags) ? page.tags.filter((t) => typeof t === 'string') : [];
        return { tags, next: this.nextPageUrl(response, url) };
    }
    /** The absolute URL of the page a listing response links as next (`Link: <...>; rel="next"`), if it links one. */
    nextPageUrl(response, url) {
        const next = nextLink(response.headers.get('link'));
        return next === undefined ? undefined : new URL(next, this.http.resolve(url)).toString();
    }
    /**
     * The referrers of a manifest from the OCI 1.1 referrers API, filtered by artifact type (by the server when it says
     * so in OCI-Filters-Applied, else here). Pages are followed until `enough` referrers are collected (all of them by
     * default), at most MAX_REFERRERS_PAGES. Undefined when the registry has no referrers API (404).
     */
    async fetchReferrers(repository, subject, options = {}) {
        const operation = { description: `listing referrers of ${(0,oci_digest/* shortDigest */.VK)(subject)} in ${repository}`, repository };
        const descriptors = [];
        const query = options.artifactType ? `?artifactType=${encodeURIComponent(options.artifactType)}` : '';
        const enough = options.enough ?? Infinity;
        let url = `/v2/${repository}/referrers/${subject}${query}`;
        for (let page = 1; url && descriptors.length < enough; page++) {
            if (page > MAX_REFERRERS_PAGES) {
                throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the registry links more than ${MAX_REFERRERS_PAGES} pages of referrers; drydock stops there`, {
                    operation,
                    transient: false,
                });
            }
            const { response, bytes } = await this.http.requestBytes({ method: 'GET', url, headers: { accept: media_types/* MediaType */.zu.ociIndex }, scopes: [pullScope(repository)], operation, expect: [200, 404] }, MAX_LISTING_BYTES);
            if (response.status === 404) {
                if (descriptors.length === 0 && url.startsWith('/v2/'))
                    return undefined;
                throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: a referrers page disappeared (404)`, { operation, status: 404, transient: false });
            }
            // Checked as strictly as any index: a hostile registry's entry without a digest or size must not reach the reader.
            let index;
            try {
                const { parsed } = (0,oci_manifest/* parseManifest */.Ng)(bytes, media_types/* MediaType */.zu.ociIndex);
                if (parsed.kind !== 'index')
                    throw new oci_manifest/* InvalidManifestError */.t4('it is an image manifest');
                index = parsed.index;
            }
            catch (error) {
                if (!(error instanceof oci_manifest/* InvalidManifestError */.t4))
                    throw error;
                throw new registry_errors/* RegistryError */.gl(`${operation.description} failed: the answer is not a valid image index (${error.message})`, { operation, transient: false, cause: error });
            }
            const filtered = (response.headers.get('oci-filters-applied') ?? '').split(',').map((f) => f.trim()).includes('artifactType');
            descriptors.push(...index.manifests.filter((d) => !options.artifactType || filtered || d.artifactType === options.artifactType));
            url = this.nextPageUrl(response, url);
        }
        return descriptors;
    }
    /** What an earlier probe learned (or is learning) about the repository's referrers API; undefined before any. */
    probedReferrersApiSupport(repository) {
        return this.referrersSupport.get(repository);
    }
    /**
     * Whether the repository's registry serves the referrers API, probed once per repository the way oras-go does it
     * (the all-zero digest: a 200 with an index proves the API, a 404 disproves it) rather than trusting OCI-Subject.
     */
    referrersApiSupported(repository) {
        // A probe that failed is made again by the next caller.
        return (0,lru/* rememberedUntilRejected */.xT)(this.referrersSupport, repository, () => this.fetchReferrers(repository, ZERO_DIGEST).then((found) => found !== undefined));
    }
}


/***/ }),

/***/ 51606:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sz: () => (/* binding */ findDigestMismatch),
/* harmony export */   XF: () => (/* binding */ isStall),
/* harmony export */   gl: () => (/* binding */ RegistryError),
/* harmony export */   kM: () => (/* binding */ classifyRegistryFailure),
/* harmony export */   nL: () => (/* binding */ errorFromNetwork),
/* harmony export */   x$: () => (/* binding */ errorFromStatus)
/* harmony export */ });
/* unused harmony exports describeErrorBody, isTransientStatus, isTransientNetworkError */
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(27814);
/* harmony import */ var _digest_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(36179);


/**
 * A registry answered with an error, or could not be reached. The message reads
 * `<operation> failed: <status> <CODE>: <registry's message>` so the log line alone says what happened.
 */
class RegistryError extends _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .RemoteError */ .Hi {
    operation;
    repository;
    /** The Distribution error code (DENIED, MANIFEST_UNKNOWN, ...), when the registry sent one. */
    code;
    /** The server's Retry-After, in milliseconds. */
    retryAfterMs;
    /** Worth another attempt: 5xx, 429, 408, a dropped connection, or an expired token. */
    transient;
    constructor(message, details) {
        super(message, details.status, details.cause === undefined ? undefined : { cause: details.cause });
        this.operation = details.operation.description;
        if (details.operation.repository !== undefined)
            this.repository = details.operation.repository;
        if (details.code !== undefined)
            this.code = details.code;
        if (details.retryAfterMs !== undefined)
            this.retryAfterMs = details.retryAfterMs;
        this.transient = details.transient;
    }
}
/** Reads `{"errors":[{"code","message","detail"}]}`; falls back to the first line of a non-JSON body. */
function describeErrorBody(body) {
    let parsed;
    try {
        parsed = JSON.parse(body);
    }
    catch {
        // Not JSON: proxies and load balancers answer with text or HTML.
        const line = body.split('\n').find((l) => l.trim() !== '')?.trim();
        return line ? { message: line.length > 200 ? `${line.slice(0, 200)}…` : line } : {};
    }
    if (typeof parsed !== 'object' || parsed === null)
        return {};
    const { errors, message: topMessage } = parsed;
    const first = Array.isArray(errors) ? errors[0] : undefined;
    if (!first) {
        // JSON without a Distribution error list: some proxies answer {"message": "..."}.
        return typeof topMessage === 'string' && topMessage !== '' ? { message: topMessage } : {};
    }
    const code = typeof first.code === 'string' ? first.code : undefined;
    let message = typeof first.message === 'string' ? first.message : undefined;
    // ECR and distribution put the useful part (which tag, which digest) in detail.
    if (typeof first.detail === 'string' && first.detail !== '' && first.detail !== message) {
        message = message ? `${message} (${first.detail})` : first.detail;
    }
    return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}
function isTransientStatus(status) {
    return status >= 500 || status === 429 || status === 408;
}
function errorFromStatus(operation, status, statusText, body, retryAfterMs, hint) {
    const { code, message } = describeErrorBody(body);
    const parts = [`${status}`, code ?? statusText].filter(Boolean).join(' ');
    const text = `${operation.description} failed: ${parts}${message ? `: ${message}` : ''}${hint ? `. ${hint}` : ''}`;
    return new RegistryError(text, {
        operation,
        status,
        ...(code ? { code } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
        transient: isTransientStatus(status),
    });
}
/** Errors that mean "the bytes are wrong" or "the caller is wrong": the same attempt would fail the same way. */
const PERMANENT_CODES = new Set(['UND_ERR_REQ_CONTENT_LENGTH_MISMATCH', 'ERR_HTTP_CONTENT_LENGTH_MISMATCH', 'ERR_HTTP_INVALID_RESPONSE', 'UND_ERR_INVALID_ARG', 'ERR_INVALID_URL', 'ENOENT', 'EACCES', 'EISDIR']);
/** Errors of a connection, not of the request: retrying on a fresh connection usually works. */
const TRANSIENT_CODES = new Set([
    'ECONNRESET',
    'ECONNREFUSED',
    'ECONNABORTED',
    'EPIPE',
    'ETIMEDOUT',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'ENETUNREACH',
    'ENETDOWN',
    'UND_ERR_SOCKET',
    'UND_ERR_CLOSED',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'ERR_STREAM_PREMATURE_CLOSE',
]);
const TRANSIENT_MESSAGES = /socket hang up|other side closed|terminated|fetch failed|premature close/i;
function causes(error) {
    const chain = [];
    for (let current = error; current !== undefined && chain.length < 8; current = current.cause) {
        chain.push(current);
        if (typeof current !== 'object' || current === null)
            break;
    }
    return chain;
}
/** Finds a digest mismatch anywhere in an error's cause chain (fetch wraps a failing request body in "fetch failed"). */
function findDigestMismatch(error) {
    return causes(error).find((e) => e instanceof _digest_js__WEBPACK_IMPORTED_MODULE_1__/* .DigestMismatchError */ .h);
}
/** A dropped connection, a reset, a timeout: anything where the same request on a new connection may well succeed. */
function isTransientNetworkError(error) {
    const chain = causes(error);
    if (chain.some((e) => e instanceof _digest_js__WEBPACK_IMPORTED_MODULE_1__/* .DigestMismatchError */ .h || e instanceof _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ConfigurationError */ .j1))
        return false;
    const codes = chain.map((e) => e?.code).filter((c) => typeof c === 'string');
    if (codes.some((c) => PERMANENT_CODES.has(c)))
        return false;
    if (codes.some((c) => TRANSIENT_CODES.has(c)))
        return true;
    return chain.some((e) => e instanceof Error && TRANSIENT_MESSAGES.test(e.message));
}
/**
 * OpenSSL's words when a TLS handshake gets a plain-HTTP answer ("HTTP/1.1 ..." read as a TLS record header): the
 * registry speaks HTTP on that port. Its message carries OpenSSL's source paths and a newline, and says none of that.
 */
function isPlainHttpAnswer(chain) {
    return chain.some((e) => e?.code === 'EPROTO' && /wrong version number/i.test(e.message));
}
/** Wraps a failure to get any answer at all (connection refused, reset, body stream error) from `url`. */
function errorFromNetwork(operation, error, url) {
    const mismatch = findDigestMismatch(error);
    if (mismatch)
        return mismatch;
    if (error instanceof RegistryError)
        return error;
    const chain = causes(error);
    if (url !== undefined && isPlainHttpAnswer(chain)) {
        const host = new URL(url).host;
        return new RegistryError(`${operation.description} failed: the registry at ${host} answered in plain HTTP, not HTTPS. ` +
            `For a plain-HTTP registry on this machine, set registry-endpoint to http://${host}; otherwise check the host and port.`, { operation, transient: false, cause: error });
    }
    const innermost = chain[chain.length - 1];
    const detail = (innermost instanceof Error ? innermost.message : String(innermost)).trim();
    const code = chain.map((e) => e?.code).find((c) => typeof c === 'string');
    return new RegistryError(`${operation.description} failed: ${detail}${code && !detail.includes(code) ? ` (${code})` : ''}`, {
        operation,
        transient: isTransientNetworkError(error),
        cause: error,
    });
}
/** A request the server left without an answer until the idle timeout (ETIMEDOUT anywhere in the cause chain). */
function isStall(error) {
    return causes(error).some((each) => each?.code === 'ETIMEDOUT');
}
/** The retry policy of every registry request: retry what is transient, honouring the server's Retry-After. */
function classifyRegistryFailure(error) {
    if (error instanceof RegistryError) {
        return error.retryAfterMs === undefined ? { retry: error.transient } : { retry: error.transient, afterMs: error.retryAfterMs };
    }
    return { retry: isTransientNetworkError(error) };
}


/***/ })

};

/**
 * A small evaluator for the part of the GitHub Actions expression language (`${{ ... }}`) the composite actions use,
 * so their tests can run the expressions instead of only reading the references in them.
 *
 * Supported: literals (`'single-quoted'` with `''` as the escape, JSON-style decimal numbers, true, false, null);
 * contexts the caller passes by name; property access with `.name` and `[expression]`; `!`, `==`, `!=`, `&&`, `||`
 * and parentheses; the functions fromJSON, toJSON, success, failure, always and cancelled. Anything else (other
 * operators, other functions, `.*` filters, unknown contexts) throws, so a test cannot pass on something this
 * evaluator does not understand.
 *
 * Semantics, as GitHub documents them (docs.github.com, "Evaluate expressions in workflows and actions"):
 * - `==`/`!=` are loose: values of different types are both coerced to numbers (null 0, true 1, false 0, a string
 *   parsed as a JSON number, '' 0, anything else NaN; arrays and objects NaN); strings compare ignoring case; arrays
 *   and objects are equal only when they are the same value; NaN equals nothing.
 * - `&&` and `||` return one of their operands (not a boolean), and stop at the first that decides.
 * - falsy values are false, 0, -0, '', null (and NaN); everything else is truthy.
 * - property names are matched ignoring case; a missing property, or a property of something that is not an object,
 *   is null. Contexts registered with `strictContext` throw instead when the name is not one they may hold, so a
 *   misspelt input, step id or step output fails the test rather than reading null.
 * - `${{ }}` inside a text converts the value to a string: null '', booleans 'true'/'false', numbers in decimal;
 *   converting an array or object throws (use toJSON).
 */

export type Value = null | boolean | number | string | readonly Value[] | { readonly [key: string]: Value };

export interface JobStatus {
  /** A step before this one failed. */
  readonly failed: boolean;
  readonly cancelled: boolean;
}

export interface EvaluationScope {
  /** The contexts by name: inputs, steps, github, env, runner... Only these names may be referenced. */
  readonly contexts: Readonly<Record<string, Value>>;
  /** Needed only by the status functions; without it they throw. */
  readonly status?: JobStatus;
}

// ---------------------------------------------------------------------------------------------------------------
// Strict contexts

const strictness = new WeakMap<object, { label: string; allowed: ReadonlySet<string> | undefined }>();

/**
 * Marks a context object so that reading a name outside `allowed` (default: the keys the object has when it is read)
 * throws. A name allowed but absent reads null, as GitHub reads it (for example the outputs of a skipped step).
 */
export function strictContext<T extends { readonly [key: string]: Value }>(object: T, label: string, allowed?: Iterable<string>): T {
  strictness.set(object, { label, allowed: allowed ? new Set([...allowed].map((name) => name.toLowerCase())) : undefined });
  return object;
}

// ---------------------------------------------------------------------------------------------------------------
// Tokenizer

type Token =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'name'; readonly value: string }
  | { readonly kind: 'punct'; readonly value: string }
  | { readonly kind: 'end' };

const PUNCTUATION = ['==', '!=', '&&', '||', '(', ')', '[', ']', '.', ',', '!'];
const UNSUPPORTED = ['<=', '>=', '<', '>', '*'];
const NUMBER = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/;
const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let rest = source;
  while (true) {
    rest = rest.replace(/^\s+/, '');
    if (rest === '') break;
    const at = source.length - rest.length;
    if (rest.startsWith("'")) {
      let index = 1;
      let value = '';
      while (true) {
        const quote = rest.indexOf("'", index);
        if (quote < 0) throw new Error(`unterminated string at ${at} in: ${source}`);
        value += rest.slice(index, quote);
        if (rest[quote + 1] === "'") {
          value += "'";
          index = quote + 2;
        } else {
          index = quote + 1;
          break;
        }
      }
      tokens.push({ kind: 'string', value });
      rest = rest.slice(index);
      continue;
    }
    const number = NUMBER.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      rest = rest.slice(number[0].length);
      continue;
    }
    const name = NAME.exec(rest);
    if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      rest = rest.slice(name[0].length);
      continue;
    }
    const unsupported = UNSUPPORTED.find((operator) => rest.startsWith(operator));
    if (unsupported) throw new Error(`unsupported operator '${unsupported}' at ${at} in: ${source}`);
    const punct = PUNCTUATION.find((operator) => rest.startsWith(operator));
    if (!punct) throw new Error(`unsupported syntax '${rest[0]}' at ${at} in: ${source}`);
    tokens.push({ kind: 'punct', value: punct });
    rest = rest.slice(punct.length);
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser: or := and ('||' and)* ; and := equality ('&&' equality)* ; equality := unary (('=='|'!=') unary)* ;
// unary := '!' unary | postfix ; postfix := primary ('.' name | '[' or ']')* ;
// primary := literal | '(' or ')' | name '(' arguments ')' | name

export type Expression =
  | { readonly type: 'literal'; readonly value: Value }
  | { readonly type: 'context'; readonly name: string }
  | { readonly type: 'property'; readonly object: Expression; readonly name: Expression }
  | { readonly type: 'not'; readonly operand: Expression }
  | { readonly type: 'binary'; readonly operator: '==' | '!=' | '&&' | '||'; readonly left: Expression; readonly right: Expression }
  | { readonly type: 'call'; readonly name: string; readonly args: readonly Expression[] };

export function parseExpression(source: string): Expression {
  const tokens = tokenize(source);
  let position = 0;
  const peek = (): Token => tokens[position]!;
  const isPunct = (value: string): boolean => {
    const token = peek();
    return token.kind === 'punct' && token.value === value;
  };
  const expect = (value: string): void => {
    if (!isPunct(value)) throw new Error(`expected '${value}' at token ${position} in: ${source}`);
    position++;
  };

  const binary = (operators: ReadonlyArray<'==' | '!=' | '&&' | '||'>, operand: () => Expression) => (): Expression => {
    let left = operand();
    for (let token = peek(); token.kind === 'punct' && (operators as readonly string[]).includes(token.value); token = peek()) {
      position++;
      left = { type: 'binary', operator: token.value as '==' | '!=' | '&&' | '||', left, right: operand() };
    }
    return left;
  };

  const primary = (): Expression => {
    const token = peek();
    position++;
    if (token.kind === 'string' || token.kind === 'number') return { type: 'literal', value: token.value };
    if (token.kind === 'punct' && token.value === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    if (token.kind === 'name') {
      if (token.value === 'true' || token.value === 'false') return { type: 'literal', value: token.value === 'true' };
      if (token.value === 'null') return { type: 'literal', value: null };
      if (isPunct('(')) {
        position++;
        const args: Expression[] = [];
        if (!isPunct(')')) {
          args.push(or());
          while (isPunct(',')) {
            position++;
            args.push(or());
          }
        }
        expect(')');
        return { type: 'call', name: token.value, args };
      }
      return { type: 'context', name: token.value };
    }
    throw new Error(`unexpected ${token.kind === 'end' ? 'end' : `'${String(token.value)}'`} in: ${source}`);
  };

  const postfix = (): Expression => {
    let object = primary();
    while (true) {
      if (isPunct('.')) {
        position++;
        const name = peek();
        if (name.kind !== 'name') throw new Error(`expected a property name after '.' in: ${source}`);
        position++;
        object = { type: 'property', object, name: { type: 'literal', value: name.value } };
      } else if (isPunct('[')) {
        position++;
        const index = or();
        expect(']');
        object = { type: 'property', object, name: index };
      } else return object;
    }
  };

  const unary = (): Expression => {
    if (isPunct('!')) {
      position++;
      return { type: 'not', operand: unary() };
    }
    return postfix();
  };

  const equality = binary(['==', '!='], unary);
  const and = binary(['&&'], equality);
  const or: () => Expression = binary(['||'], and);

  const expression = or();
  if (peek().kind !== 'end') throw new Error(`unexpected trailing input at token ${position} in: ${source}`);
  return expression;
}

// ---------------------------------------------------------------------------------------------------------------
// Evaluation

const STATUS_FUNCTIONS = ['success', 'failure', 'always', 'cancelled'];

const isObject = (value: Value): value is { readonly [key: string]: Value } => value !== null && typeof value === 'object' && !Array.isArray(value);

export function truthy(value: Value): boolean {
  if (value === null || value === false || value === '') return false;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return true;
}

function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return 0;
    const match = NUMBER.exec(text);
    return match && match[0] === text ? Number(text) : Number.NaN;
  }
  return Number.NaN;
}

const kind = (value: Value): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

export function looselyEqual(left: Value, right: Value): boolean {
  if (kind(left) !== kind(right)) return toNumber(left) === toNumber(right);
  if (typeof left === 'string') return left.toLowerCase() === (right as string).toLowerCase();
  return left === right; // null, booleans, numbers (NaN is unequal to itself), and arrays/objects by identity
}

/** The string `${{ value }}` becomes inside a text. */
export function toText(value: Value): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  throw new Error(`cannot convert ${kind(value)} to a string (use toJSON)`);
}

function property(object: Value, name: Value): Value {
  if (Array.isArray(object)) {
    if (typeof name !== 'number') return null;
    return Number.isInteger(name) && name >= 0 && name < object.length ? object[name]! : null;
  }
  if (!isObject(object) || typeof name !== 'string') return null;
  const strict = strictness.get(object);
  if (strict) {
    const allowed = [...(strict.allowed ?? Object.keys(object).map((key) => key.toLowerCase()))];
    if (!allowed.includes(name.toLowerCase())) throw new Error(`${strict.label} has no '${name}' (it may hold: ${allowed.join(', ') || 'nothing'})`);
  }
  const key = name in object ? name : Object.keys(object).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
  return key === undefined ? null : object[key]!;
}

function call(name: string, args: readonly Value[], scope: EvaluationScope): Value {
  const arity = (count: number) => {
    if (args.length !== count) throw new Error(`${name}() takes ${count} argument(s), got ${args.length}`);
  };
  if (STATUS_FUNCTIONS.includes(name)) {
    arity(0);
    const status = scope.status;
    if (!status) throw new Error(`${name}() is not available here`);
    if (name === 'success') return !status.failed && !status.cancelled;
    if (name === 'failure') return status.failed;
    if (name === 'cancelled') return status.cancelled;
    return true;
  }
  if (name === 'fromJSON') {
    arity(1);
    const text = args[0]!;
    if (typeof text !== 'string') throw new Error(`fromJSON() needs a string, got ${kind(text)}`);
    return JSON.parse(text) as Value; // invalid JSON (including '') throws, as it fails the expression in GitHub
  }
  if (name === 'toJSON') {
    arity(1);
    return JSON.stringify(args[0], null, 2);
  }
  throw new Error(`unsupported function ${name}()`);
}

export function evaluateExpression(expression: Expression, scope: EvaluationScope): Value {
  const evaluate = (node: Expression): Value => {
    switch (node.type) {
      case 'literal':
        return node.value;
      case 'context':
        if (!Object.hasOwn(scope.contexts, node.name)) throw new Error(`unknown context '${node.name}'`);
        return scope.contexts[node.name]!;
      case 'property':
        return property(evaluate(node.object), evaluate(node.name));
      case 'not':
        return !truthy(evaluate(node.operand));
      case 'call':
        return call(node.name, node.args.map(evaluate), scope);
      case 'binary': {
        const left = evaluate(node.left);
        if (node.operator === '&&') return truthy(left) ? evaluate(node.right) : left;
        if (node.operator === '||') return truthy(left) ? left : evaluate(node.right);
        const equal = looselyEqual(left, evaluate(node.right));
        return node.operator === '==' ? equal : !equal;
      }
    }
  };
  return evaluate(expression);
}

/** Evaluates one expression body (the text between `${{` and `}}`, or a bare `if:`). */
export function evaluate(source: string, scope: EvaluationScope): Value {
  return evaluateExpression(parseExpression(source), scope);
}

/** Whether an expression calls a status function; an `if:` without one is evaluated as `success() && (...)`. */
export function callsStatusFunction(expression: Expression): boolean {
  switch (expression.type) {
    case 'call':
      return STATUS_FUNCTIONS.includes(expression.name) || expression.args.some(callsStatusFunction);
    case 'property':
      return callsStatusFunction(expression.object) || callsStatusFunction(expression.name);
    case 'not':
      return callsStatusFunction(expression.operand);
    case 'binary':
      return callsStatusFunction(expression.left) || callsStatusFunction(expression.right);
    default:
      return false;
  }
}

/** A text with `${{ }}` parts (a `with:` value, an output's `value:`), each replaced by its value as a string. */
export function interpolate(text: string, scope: EvaluationScope): string {
  if (/\$\{\{(?![\s\S]*?\}\})/.test(text)) throw new Error(`unterminated \${{ in: ${text}`);
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_match, body: string) => toText(evaluate(body, scope)));
}

/**
 * A step's `if:`: a bare expression or one wrapped whole in `${{ }}` (default `success()`), with the implicit
 * `success() &&` GitHub adds when it calls no status function.
 */
export function evaluateCondition(condition: string | undefined, scope: EvaluationScope): boolean {
  const text = (condition ?? 'success()').trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(text);
  const body = wrapped ? wrapped[1]! : text;
  if (body.includes('${{')) throw new Error(`unsupported if: mixing text and \${{ }}: ${text}`);
  const expression = parseExpression(body);
  const value = truthy(evaluateExpression(expression, scope));
  return callsStatusFunction(expression) ? value : value && truthy(call('success', [], scope));
}

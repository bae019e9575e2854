/**
 * The functions callable from a template: Go's text/template builtins that `-f` users reach
 * for, plus Docker's additions (`json`, `join`, `split`, `upper`, `lower`, `title`, `pad`,
 * `truncate`), so format strings written for docker/pouch keep working.
 */
import {
  formatValue,
  goTypeName,
  isObject,
  isTrue,
  type GoValue,
  type ValueShapes,
} from './go-values.js';
import { sprintf } from './printf.js';

/** Thrown for a call with the wrong argument count; reported without `error calling`. */
export class ArityError extends Error {}

export type TemplateFunction = (args: GoValue[], shapes: ValueShapes) => GoValue;

function arity(name: string, args: GoValue[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    const want = min === max ? String(min) : max === Infinity ? `at least ${min}` : `${min}-${max}`;
    throw new ArityError(`wrong number of args for ${name}: want ${want} got ${args.length}`);
  }
}

function str(value: GoValue): string {
  if (typeof value !== 'string') {
    throw new Error(`wrong type for value; expected string; got ${goTypeName(value)}`);
  }
  return value;
}

function int(value: GoValue): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new Error(`wrong type for value; expected int; got ${goTypeName(value)}`);
  }
  return value;
}

function lengthOf(value: GoValue): number {
  if (typeof value === 'string') return new TextEncoder().encode(value).length;
  if (Array.isArray(value)) return value.length;
  if (isObject(value)) return Object.keys(value).length;
  if (value === null || value === undefined) throw new Error('len of nil pointer');
  throw new Error(`len of type ${goTypeName(value)}`);
}

function indexOne(item: GoValue, key: GoValue): GoValue {
  if (item === null || item === undefined) throw new Error('index of untyped nil');
  if (Array.isArray(item) || typeof item === 'string') {
    const i = int(key);
    const bytes = typeof item === 'string' ? new TextEncoder().encode(item) : item;
    if (i < 0 || i >= bytes.length) throw new Error(`index out of range: ${i}`);
    return bytes[i];
  }
  if (isObject(item)) {
    const k = str(key);
    if (Object.hasOwn(item, k)) return item[k];
    const values = Object.values(item);
    return values.length > 0 && values.every((v) => typeof v === 'string') ? '' : undefined;
  }
  throw new Error(`can't index item of type ${goTypeName(item)}`);
}

function basicKind(value: GoValue): string {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value) || typeof value === 'object') {
    throw new Error('non-comparable type');
  }
  return typeof value;
}

function equal(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'nil' || kb === 'nil') return ka === kb;
  if (ka !== kb) throw new Error('incompatible types for comparison');
  return a === b;
}

function less(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  if (ka !== 'number' && ka !== 'string') throw new Error('invalid type for comparison');
  if (ka !== basicKind(b)) throw new Error('incompatible types for comparison');
  return (a as number | string) < (b as number | string);
}

/** Go's encoding/json with Docker's settings (no HTML escaping); maps get sorted keys. */
export function goJson(value: GoValue, shapes: ValueShapes): string {
  if (value === undefined || value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => goJson(v, shapes)).join(',')}]`;
  if (isObject(value)) {
    if (shapes.isNilMap(value)) return 'null';
    const entries = Object.entries(value).map(([k, v]): [string, GoValue] => [
      k,
      shapes.adoptField(k, v),
    ]);
    if (shapes.isMap(value)) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${goJson(v, shapes)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function sprint(args: GoValue[], shapes: ValueShapes): string {
  let out = '';
  args.forEach((arg, i) => {
    const prev = args[i - 1];
    if (i > 0 && typeof arg !== 'string' && typeof prev !== 'string') out += ' ';
    out += formatValue(arg, shapes);
  });
  return out;
}

const comparisons: Record<string, TemplateFunction> = {
  eq: (args) => {
    arity('eq', args, 2, Infinity);
    return args.slice(1).some((b) => equal(args[0], b));
  },
  ne: (args) => (arity('ne', args, 2), !equal(args[0], args[1])),
  lt: (args) => (arity('lt', args, 2), less(args[0], args[1])),
  le: (args) => (arity('le', args, 2), less(args[0], args[1]) || equal(args[0], args[1])),
  gt: (args) => (arity('gt', args, 2), less(args[1], args[0])),
  ge: (args) => (arity('ge', args, 2), less(args[1], args[0]) || equal(args[0], args[1])),
};

const logic: Record<string, TemplateFunction> = {
  and: (args, shapes) => {
    arity('and', args, 1, Infinity);
    return args.find((a) => !isTrue(a, shapes)) ?? args[args.length - 1];
  },
  or: (args, shapes) => {
    arity('or', args, 1, Infinity);
    return args.find((a) => isTrue(a, shapes)) ?? args[args.length - 1];
  },
  not: (args, shapes) => (arity('not', args, 1), !isTrue(args[0], shapes)),
};

const text: Record<string, TemplateFunction> = {
  print: (args, shapes) => sprint(args, shapes),
  println: (args, shapes) => args.map((a) => formatValue(a, shapes)).join(' ') + '\n',
  printf: (args, shapes) => {
    arity('printf', args, 1, Infinity);
    return sprintf(str(args[0]), args.slice(1), shapes);
  },
  json: (args, shapes) => (arity('json', args, 1), goJson(args[0], shapes)),
  upper: (args) => (arity('upper', args, 1), str(args[0]).toUpperCase()),
  lower: (args) => (arity('lower', args, 1), str(args[0]).toLowerCase()),
  title: (args) => (
    arity('title', args, 1),
    str(args[0]).replace(/(^|\s)(\S)/gu, (m) => m.toUpperCase())
  ),
  split: (args) => (arity('split', args, 2), str(args[0]).split(str(args[1]))),
  join: (args, shapes) => {
    arity('join', args, 2);
    const list = args[0] === null ? [] : args[0];
    if (!Array.isArray(list))
      throw new Error(`wrong type for value; expected []string; got ${goTypeName(list)}`);
    return list.map((v) => formatValue(v, shapes)).join(str(args[1]));
  },
  pad: (args) => {
    arity('pad', args, 3);
    const s = str(args[0]);
    return s === '' ? s : ' '.repeat(int(args[1])) + s + ' '.repeat(int(args[2]));
  },
  truncate: (args) => {
    arity('truncate', args, 2);
    const s = str(args[0]);
    return [...s].slice(0, int(args[1])).join('');
  },
};

/** The default function table: name → implementation. */
export const BUILTINS: Readonly<Record<string, TemplateFunction>> = {
  ...comparisons,
  ...logic,
  ...text,
  len: (args) => (arity('len', args, 1), lengthOf(args[0])),
  index: (args) => {
    arity('index', args, 1, Infinity);
    return args.slice(1).reduce((item, key) => indexOne(item, key), args[0]);
  },
};

/**
 * How JSON values look through Go's eyes. The daemon sends JSON, but `-f` templates were
 * written against Go structs: field names are Go names, objects print as `{v1 v2}` (structs) or
 * `map[k:v]` (maps), and numbers print as Go prints them. This module holds those rules so the
 * evaluator and the printf implementation agree.
 */

/** A decoded JSON value; `undefined` stands for Go's "no value" (a missing map key). */
export type GoValue = unknown;

/**
 * JSON keys whose values are Go maps in Docker's types, even when every key looks like an
 * exported field name (`Labels: {"Env": "x"}` must still print as `map[Env:x]`).
 */
const MAP_FIELDS = new Set([
  'Options',
  'Labels',
  'AuxiliaryAddresses',
  'Containers',
  'Networks',
  'Ports',
  'ExposedPorts',
  'PortBindings',
  'DriverOpts',
  'Runtimes',
  'Details',
  'EndpointsConfig',
  'Sysctls',
  'Volumes',
  'Annotations',
  'StorageOpt',
  'Tmpfs',
]);

/** Go field names whose JSON key differs by more than letter case (Docker's `AuxAddress`). */
const FIELD_ALIASES: Record<string, string> = {
  AuxAddress: 'AuxiliaryAddresses',
};

/**
 * Remembers which objects are Go maps. Objects reached through a known map field are marked;
 * anything else is a map when some key is not an exported Go identifier (`80/tcp`, `com.x`).
 */
export class ValueShapes {
  private readonly maps = new WeakSet<object>();
  private readonly nilMaps = new WeakSet<object>();

  /**
   * Returns the value of JSON key `key` as Go would see it, recording map-typed objects. A
   * `null` map field becomes an empty map, because Go prints a nil map as `map[]`, gives it
   * length 0 and reads missing keys from it; `json` still prints it as `null`.
   */
  adoptField(key: string, value: GoValue): GoValue {
    if (!MAP_FIELDS.has(key)) return value;
    if (value === null) {
      const empty = Object.freeze({});
      this.maps.add(empty);
      this.nilMaps.add(empty);
      return empty;
    }
    if (isObject(value)) this.maps.add(value);
    return value;
  }

  /** True for the stand-in of a `null` map field (see adoptField). */
  isNilMap(value: object): boolean {
    return this.nilMaps.has(value);
  }

  isMap(value: Record<string, unknown>): boolean {
    if (this.maps.has(value)) return true;
    const keys = Object.keys(value);
    return keys.length === 0 || keys.some((k) => !/^[A-Z]/.test(k));
  }
}

/** A plain JSON object (not an array, not null). */
export function isObject(value: GoValue): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Finds the JSON key for a Go field name: exact key, then a known alias, then a
 * case-insensitive match (`ID`→`Id`, `DNS`→`Dns`, `IPRange`→`IPRange`).
 */
export function resolveFieldKey(obj: Record<string, unknown>, field: string): string | undefined {
  if (Object.hasOwn(obj, field)) return field;
  const alias = FIELD_ALIASES[field];
  if (alias !== undefined && Object.hasOwn(obj, alias)) return alias;
  const lower = field.toLowerCase();
  return Object.keys(obj).find((k) => k.toLowerCase() === lower);
}

/** Go's truthiness (`if`, `with`, `and`, `or`, `not`): zero values and empty collections are false. */
export function isTrue(value: GoValue, shapes: ValueShapes): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return !shapes.isMap(value) || Object.keys(value).length > 0;
  return true;
}

/** Go's `%v` rendering of a value: `[a b]`, `map[k:v]`, `{v1 v2}`, `<nil>`, `1e+06`. */
export function formatValue(value: GoValue, shapes: ValueShapes): string {
  if (value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, shapes)).join(' ')}]`;
  if (isObject(value)) return formatObject(value, shapes);
  return String(value);
}

function formatObject(obj: Record<string, unknown>, shapes: ValueShapes): string {
  const entries = Object.entries(obj).map(([k, v]): [string, GoValue] => [
    k,
    shapes.adoptField(k, v),
  ]);
  if (shapes.isMap(obj)) {
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `map[${entries.map(([k, v]) => `${k}:${formatValue(v, shapes)}`).join(' ')}]`;
  }
  return `{${entries.map(([, v]) => formatValue(v, shapes)).join(' ')}}`;
}

/**
 * Go's `%v` for numbers. Integers are assumed to come from Go integer fields and print in full;
 * other values follow `strconv.FormatFloat(f, 'g', -1, 64)`: exponent form below 1e-4 or from
 * 1e+06 on (`1.5e+06`), with at least two exponent digits.
 */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  const [mantissa = '0', expText = '0'] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 21 || (exp >= 6 && !Number.isInteger(n))) {
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's type name for a decoded value, as `printf` shows it in `%!d(string=x)`. */
export function goTypeName(value: GoValue): string {
  if (value === undefined || value === null) return '<nil>';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (Array.isArray(value)) return '[]interface {}';
  return 'map[string]interface {}';
}

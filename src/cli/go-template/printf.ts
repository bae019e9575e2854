/**
 * A subset of Go's fmt.Sprintf for the template `printf` function: verbs v s q d b o x X c U
 * e E f F g G t and %%, flags `-+# 0`, width and precision. Mistakes render the way Go renders
 * them (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA int=1)`) instead of throwing, as in Go.
 */
import { formatValue, goTypeName, type GoValue, type ValueShapes } from './go-values.js';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  zero: boolean;
  space: boolean;
  width: number;
  precision: number;
  verb: string;
}

const SPEC = /%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?/y;

/** Formats `args` per Go's `format` rules; never throws. */
export function sprintf(format: string, args: GoValue[], shapes: ValueShapes): string {
  let out = '';
  let argIndex = 0;
  let i = 0;
  while (i < format.length) {
    const pct = format.indexOf('%', i);
    if (pct < 0) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, pct);
    SPEC.lastIndex = pct;
    const m = SPEC.exec(format);
    const spec = toSpec(m);
    i = SPEC.lastIndex;
    if (spec.verb === '') out += '%!(NOVERB)';
    else if (spec.verb === '%') out += '%';
    else if (argIndex >= args.length) out += `%!${spec.verb}(MISSING)`;
    else out += pad(formatArg(args[argIndex++], spec, shapes), spec);
  }
  if (argIndex < args.length) {
    const extra = args.slice(argIndex).map((a) => describe(a, shapes));
    out += `%!(EXTRA ${extra.join(', ')})`;
  }
  return out;
}

function toSpec(m: RegExpExecArray | null): Spec {
  const flags = m?.[1] ?? '';
  return {
    minus: flags.includes('-'),
    plus: flags.includes('+'),
    sharp: flags.includes('#'),
    zero: flags.includes('0'),
    space: flags.includes(' '),
    width: m?.[2] === undefined ? -1 : Number(m[2]),
    precision: m?.[3] === undefined ? -1 : Number(m[3] || '0'),
    verb: m?.[4] ?? '',
  };
}

function describe(arg: GoValue, shapes: ValueShapes): string {
  return arg === null || arg === undefined
    ? '<nil>'
    : `${goTypeName(arg)}=${formatValue(arg, shapes)}`;
}

function bad(arg: GoValue, spec: Spec, shapes: ValueShapes): string {
  return `%!${spec.verb}(${describe(arg, shapes)})`;
}

function formatArg(arg: GoValue, spec: Spec, shapes: ValueShapes): string {
  const verb = spec.verb;
  if (verb === 'v') return formatValue(arg, shapes);
  if (typeof arg === 'string') return formatString(arg, spec) ?? bad(arg, spec, shapes);
  if (typeof arg === 'number') return formatNumberVerb(arg, spec) ?? bad(arg, spec, shapes);
  if (typeof arg === 'boolean' && verb === 't') return String(arg);
  if ((Array.isArray(arg) || (typeof arg === 'object' && arg !== null)) && verb === 's') {
    return formatValue(arg, shapes);
  }
  return bad(arg, spec, shapes);
}

function formatString(s: string, spec: Spec): string | undefined {
  const runes = [...s];
  switch (spec.verb) {
    case 's':
      return spec.precision >= 0 ? runes.slice(0, spec.precision).join('') : s;
    case 'q':
      return JSON.stringify(s);
    case 'x':
    case 'X': {
      const hex = [...new TextEncoder().encode(s)].map((b) => b.toString(16).padStart(2, '0'));
      const joined = hex.join('');
      return spec.verb === 'X' ? joined.toUpperCase() : joined;
    }
    default:
      return undefined;
  }
}

function formatNumberVerb(n: number, spec: Spec): string | undefined {
  const sign = n < 0 ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  const abs = Math.abs(n);
  const radix: Record<string, number> = { d: 10, b: 2, o: 8, x: 16, X: 16 };
  const base = radix[spec.verb];
  if (base !== undefined) {
    if (!Number.isInteger(n)) return undefined;
    let digits = BigInt(abs).toString(base);
    if (spec.verb === 'X') digits = digits.toUpperCase();
    if (spec.sharp && base === 16) digits = (spec.verb === 'X' ? '0X' : '0x') + digits;
    if (spec.sharp && base === 8) digits = '0' + digits;
    return sign + digits;
  }
  switch (spec.verb) {
    case 'c':
      return Number.isInteger(n) ? String.fromCodePoint(n) : undefined;
    case 'U':
      return Number.isInteger(n) ? `U+${n.toString(16).toUpperCase().padStart(4, '0')}` : undefined;
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return sign + formatFloat(abs, spec.verb, spec.precision);
    default:
      return undefined;
  }
}

/** Go's %e/%f/%g for a non-negative number; `precision` -1 means the verb's default. */
export function formatFloat(n: number, verb: string, precision: number): string {
  const upper = verb === 'E' || verb === 'G';
  let text: string;
  if (verb === 'f' || verb === 'F') text = n.toFixed(precision < 0 ? 6 : precision);
  else if (verb === 'e' || verb === 'E')
    text = expForm(n.toExponential(precision < 0 ? 6 : precision));
  else text = formatG(n, precision);
  return upper ? text.toUpperCase() : text;
}

function expForm(jsExp: string): string {
  const [mantissa = '0', exp = '+0'] = jsExp.split('e');
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function formatG(n: number, precision: number): string {
  const shortest = precision < 0;
  const p = precision === 0 ? 1 : precision;
  const [mant = '0', expText = '0'] = (shortest ? n.toExponential() : n.toExponential(p - 1)).split(
    'e',
  );
  const digits = mant.replace('.', '').replace(/0+$/, '') || '0';
  const exp = Number(expText);
  let eprec = shortest ? digits.length : p;
  if (eprec > digits.length && digits.length >= exp + 1) eprec = digits.length;
  if (shortest) eprec = 6;
  if (exp < -4 || exp >= eprec) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return expForm(`${m}e${exp}`);
  }
  return n.toFixed(Math.max(digits.length - exp - 1, 0));
}

function pad(text: string, spec: Spec): string {
  const len = [...text].length;
  if (spec.width < 0 || len >= spec.width) return text;
  const fill = spec.width - len;
  if (spec.minus) return text + ' '.repeat(fill);
  if (spec.zero && /^[+\- ]?[0-9.]/.test(text) && spec.verb !== 's') {
    const sign = /^[+\- ]/.test(text) ? text[0] : '';
    return sign + '0'.repeat(fill) + text.slice(sign?.length ?? 0);
  }
  return ' '.repeat(fill) + text;
}

import { invalid } from '../common/errors.js';

/** Docker's rule for container names (a leading `/` is accepted and dropped). */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

export function normalizeName(name: string): string {
  const bare = name.startsWith('/') ? name.slice(1) : name;
  if (!NAME.test(bare)) {
    throw invalid(`Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  }
  return bare;
}

const LEFT = [
  'admiring',
  'brave',
  'clever',
  'eager',
  'festive',
  'gentle',
  'happy',
  'jolly',
  'keen',
  'lucid',
  'modest',
  'nifty',
  'quirky',
  'serene',
  'tender',
  'vibrant',
];
const RIGHT = [
  'babbage',
  'curie',
  'darwin',
  'euler',
  'fermi',
  'galois',
  'hopper',
  'kepler',
  'lovelace',
  'meitner',
  'noether',
  'pascal',
  'ritchie',
  'shannon',
  'turing',
  'wozniak',
];

/** A Docker-style `adjective_scientist` name that `taken` does not hold yet. */
export function generateName(taken: (name: string) => boolean): string {
  const pick = (list: string[]): string => list[Math.floor(Math.random() * list.length)] ?? 'x';
  for (let i = 0; ; i += 1) {
    const base = `${pick(LEFT)}_${pick(RIGHT)}`;
    const name = i < 10 ? base : `${base}${i}`;
    if (!taken(name)) return name;
  }
}

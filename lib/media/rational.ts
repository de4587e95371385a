/** Frame rates are kept as rationals end to end: 24000/1001 is not 23.976. */
export interface Rational {
  num: number;
  den: number;
}

function gcd(a: number, b: number): number {
  let x = Math.abs(a);
  let y = Math.abs(b);
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

export function reduceRational(r: Rational): Rational {
  if (r.den === 0) return { num: 0, den: 0 };
  const g = gcd(r.num, r.den) || 1;
  const sign = r.den < 0 ? -1 : 1;
  return { num: (sign * r.num) / g, den: (sign * r.den) / g };
}

/** Parses FFmpeg's "30000/1001" (or "25"). Returns null for "0/0", garbage or non-positive values. */
export function parseRational(text: string | undefined | null): Rational | null {
  if (text === undefined || text === null) return null;
  const m = /^\s*(\d+)(?:\s*[/:]\s*(\d+))?\s*$/.exec(text);
  if (!m) return null;
  const num = Number(m[1]);
  const den = m[2] === undefined ? 1 : Number(m[2]);
  if (!Number.isSafeInteger(num) || !Number.isSafeInteger(den) || num <= 0 || den <= 0) return null;
  return reduceRational({ num, den });
}

export function rationalToNumber(r: Rational): number {
  return r.num / r.den;
}

export function formatRational(r: Rational): string {
  return `${r.num}/${r.den}`;
}

export function rationalsEqual(a: Rational, b: Rational): boolean {
  return a.num * b.den === b.num * a.den;
}

/** Rates a review proxy may be conformed to (VFR policy). Order matters only for ties. */
export const standardFrameRates: readonly Rational[] = [
  { num: 24000, den: 1001 },
  { num: 24, den: 1 },
  { num: 25, den: 1 },
  { num: 30000, den: 1001 },
  { num: 30, den: 1 },
  { num: 48, den: 1 },
  { num: 50, den: 1 },
  { num: 60000, den: 1001 },
  { num: 60, den: 1 },
];

/**
 * The standard rate `r` really is, when it is within 2·10⁻⁴ of one: containers with a millisecond time
 * base (Matroska/WebM) or an odd timescale report 59.94 as 19001/317 and 25 as 2250000/89999. The
 * tolerance stays far below the 0.1 % between 23.976 and 24 (and 29.97 and 30), which must never merge.
 */
export function nearestStandardRate(r: Rational): Rational | null {
  const value = rationalToNumber(r);
  for (const s of standardFrameRates) {
    if (Math.abs(rationalToNumber(s) - value) / value <= 2e-4) return s;
  }
  return null;
}

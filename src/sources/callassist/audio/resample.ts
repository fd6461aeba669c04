/**
 * Band-limited resampling by windowed sinc (Blackman window, 16 zero crossings each side). When going
 * down in rate the kernel's cutoff drops to the new Nyquist frequency (times a small roll-off), so content
 * above it is filtered out rather than folded back as aliases; a tone above 8 kHz in a 44.1 kHz file comes
 * out of the 16 kHz version near silent instead of as a false tone below 8 kHz.
 */

/** Zero crossings of the sinc on each side of the centre: the filter's length and sharpness. */
export const SINC_ZERO_CROSSINGS = 16;
/** Cutoff as a share of the lower Nyquist frequency; the rest is the transition band. */
export const CUTOFF_ROLLOFF = 0.94;
/** Kernel table resolution: samples per zero crossing, linearly interpolated between. */
const TABLE_STEPS = 512;

let table: Float32Array | null = null;

/** The windowed sinc on [0, SINC_ZERO_CROSSINGS] at TABLE_STEPS per unit (it is even, so one side suffices). */
function kernelTable(): Float32Array {
  if (table) return table;
  const n = SINC_ZERO_CROSSINGS * TABLE_STEPS;
  table = new Float32Array(n + 2);
  for (let i = 0; i <= n; i++) {
    const x = i / TABLE_STEPS;
    const sinc = x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    // Blackman window over [-Z, Z], evaluated at x ≥ 0.
    const phase = Math.PI * (x / SINC_ZERO_CROSSINGS + 1);
    const window = 0.42 - 0.5 * Math.cos(phase) + 0.08 * Math.cos(2 * phase);
    table[i] = sinc * window;
  }
  return table;
}

function kernel(t: Float32Array, x: number): number {
  const position = Math.abs(x) * TABLE_STEPS;
  const i = Math.floor(position);
  if (i >= t.length - 1) return 0;
  const fraction = position - i;
  return t[i]! + (t[i + 1]! - t[i]!) * fraction;
}

/** Above this many distinct output phases (rates with a large reduced ratio) taps are computed per sample. */
const MAX_PHASES = 4096;

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * For output rate L and input rate M (reduced), output n sits at input position n·M/L, whose fraction is
 * one of L phases. Each phase's taps, for input offsets -reach…reach around the position's integer part.
 */
function phaseTaps(phases: number, scale: number, reach: number): Float32Array[] {
  const t = kernelTable();
  return Array.from({ length: phases }, (_, p) =>
    Float32Array.from(
      { length: 2 * reach + 1 },
      (_, i) => kernel(t, (p / phases - (i - reach)) * scale) * scale,
    ),
  );
}

/** `samples` at `fromRate` resampled to `toRate` (a copy when the rates are equal). */
export function resample(samples: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return samples.slice();
  const ratio = toRate / fromRate;
  // Downsampling narrows the kernel's passband to the target Nyquist; upsampling keeps the source's.
  const scale = Math.min(1, ratio) * CUTOFF_ROLLOFF;
  const reach = Math.ceil(SINC_ZERO_CROSSINGS / scale);
  const integral = Number.isInteger(fromRate) && Number.isInteger(toRate);
  const divisor = integral ? gcd(fromRate, toRate) : 1;
  const phases = toRate / divisor;
  const stride = fromRate / divisor;
  const outLength = Math.floor((samples.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  if (!integral || phases > MAX_PHASES) return resampleDirect(samples, fromRate, toRate, out, scale);
  const taps = phaseTaps(phases, scale, reach);
  for (let n = 0; n < outLength; n++) {
    const base = Math.floor((n * stride) / phases);
    const weights = taps[(n * stride) % phases]!;
    const first = Math.max(0, reach - base);
    const last = Math.min(weights.length - 1, samples.length - 1 - base + reach);
    let sum = 0;
    for (let i = first; i <= last; i++) sum += samples[base - reach + i]! * weights[i]!;
    out[n] = sum;
  }
  return out;
}

/** The same filter with taps computed for each output sample. */
function resampleDirect(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  out: Float32Array,
  scale: number,
): Float32Array {
  const t = kernelTable();
  const halfWidth = SINC_ZERO_CROSSINGS / scale;
  const step = fromRate / toRate;
  for (let n = 0; n < out.length; n++) {
    const centre = n * step;
    const first = Math.max(0, Math.ceil(centre - halfWidth));
    const last = Math.min(samples.length - 1, Math.floor(centre + halfWidth));
    let sum = 0;
    for (let k = first; k <= last; k++) sum += samples[k]! * kernel(t, (centre - k) * scale);
    out[n] = sum * scale;
  }
  return out;
}

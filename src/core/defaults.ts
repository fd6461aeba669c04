/** Options over their defaults. */

/**
 * The defaults with every option that is given and not undefined in their place. Unset CLI flags and
 * optional fields arrive as undefined, which an object spread would copy over the default. Keys the
 * defaults lack are left out.
 */
export function withDefaults<D extends object>(defaults: D, options: { readonly [K in keyof D]?: D[K] }): D {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof D)[]) {
    const value = options[key];
    if (value !== undefined) out[key] = value as D[keyof D];
  }
  return out;
}

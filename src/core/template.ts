/**
 * `{{name}}` placeholders in message texts and channel settings, checked when a campaign or channel is
 * configured (decide) and filled in at send time (deliver). An unknown or malformed placeholder
 * throws instead of rendering as blank, so a campaign with a typo fails when it is created (render it
 * once with its fields) rather than when thousands of messages go out.
 */

/** `{{ ... }}` with anything but braces inside; the name inside is checked separately to report typos. */
const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function fieldName(inner: string): string {
  const name = inner.trim();
  if (!FIELD_NAME.test(name)) throw new Error(`template placeholder "{{${inner}}}" is not a field name`);
  return name;
}

/** The field names a template uses, each once, in order of first use. Throws on a malformed placeholder. */
export function templateFields(text: string): string[] {
  const names = new Set<string>();
  for (const match of text.matchAll(PLACEHOLDER)) names.add(fieldName(match[1] ?? ""));
  return [...names];
}

/**
 * Replaces every `{{name}}` with `params[name]`, in one pass: a value that itself contains `{{x}}` is
 * left as it is. Throws an Error naming every placeholder `params` has no value for.
 */
export function renderTemplate(text: string, params: Readonly<Record<string, string>>): string {
  const unknown = templateFields(text).filter((name) => !Object.hasOwn(params, name));
  if (unknown.length > 0) {
    throw new Error(`template uses unknown field${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}`);
  }
  return text.replace(PLACEHOLDER, (_whole, inner: string) => params[inner.trim()] ?? "");
}

/** Throws unless the template uses only the given fields; for settings rendered later with known fields. */
export function assertTemplateFields(text: string, allowed: readonly string[], what: string): void {
  const unknown = templateFields(text).filter((name) => !allowed.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `${what} may only use ${allowed.map((f) => `{{${f}}}`).join(", ")}; not ${unknown.join(", ")}`,
    );
  }
}

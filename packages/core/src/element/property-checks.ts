// Bad input from a host: a property given a value of the wrong type (a string for `resources`, an
// object for `patient-id`) is set aside, named in the console and shown in the widget; the page keeps working.
import { html, nothing, render, type TemplateResult } from 'lit';
import type { ReactiveElement } from 'lit';

/** What a declared property's `type` accepts (Lit's `type` option, read for properties without an attribute too). */
function accepts(type: unknown, value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (type === Array) return Array.isArray(value);
  if (type === Object) return typeof value === 'object' && !Array.isArray(value);
  if (type === String) return typeof value === 'string';
  if (type === Number) return typeof value === 'number' && !Number.isNaN(value);
  if (type === Boolean) return typeof value === 'boolean';
  return true;
}

const typeName = (type: unknown): string =>
  type === Array ? 'an array' : type === Object ? 'an object' : type === String ? 'a string' : type === Number ? 'a number' : 'a boolean';
const valueKind = (value: unknown): string =>
  Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;

/** A property the host set to a value of the wrong type. */
export interface PropertyProblem {
  name: string;
  expected: string;
  got: string;
}

/**
 * Checks the changed properties of `el` against their declared `type`. A wrong value is replaced by
 * undefined (as if not set), so the widget works as without it, and reported once per value.
 */
export function checkProperties(el: ReactiveElement, changed: Map<PropertyKey, unknown>, tag: string): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  const declared = (el.constructor as typeof ReactiveElement).elementProperties;
  for (const name of changed.keys()) {
    const options = declared.get(name);
    if (!options || options.state || options.type === undefined) continue;
    const value = (el as unknown as Record<PropertyKey, unknown>)[name];
    if (accepts(options.type, value)) continue;
    const problem = { name: String(name), expected: typeName(options.type), got: valueKind(value) };
    console.warn(`[joinedcare] <${tag}> ${problem.name} must be ${problem.expected}, not ${problem.got}; it was ignored.`);
    (el as unknown as Record<PropertyKey, unknown>)[name] = undefined;
    problems.push(problem);
  }
  return problems;
}

/** The visible notice, in a container of its own before the widget's content. */
export function renderPropertyProblems(
  root: HTMLElement | DocumentFragment,
  slot: { el?: HTMLElement },
  text: (p: PropertyProblem) => string,
  problems: readonly PropertyProblem[],
): void {
  if (!problems.length && !slot.el) return;
  if (!slot.el) {
    slot.el = document.createElement('div');
    root.insertBefore(slot.el, root.firstChild);
  }
  const view: TemplateResult | typeof nothing = problems.length
    ? html`<div class="state state--warning" part="property-problem" role="alert">${problems.map((p) => html`<p>${text(p)}</p>`)}</div>`
    : nothing;
  render(view, slot.el);
}

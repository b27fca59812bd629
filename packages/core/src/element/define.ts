/**
 * Defines a custom element, tolerating a tag that is already defined (two copies of a widget, or a
 * host that registered its own element with our name): it warns instead of throwing, and keeps the
 * first definition.
 */
export function safeDefine(tag: string, ctor: CustomElementConstructor): boolean {
  if (typeof customElements === 'undefined') return false;
  const existing = customElements.get(tag);
  if (existing) {
    if (existing !== ctor) {
      console.warn(`[joinedcare] <${tag}> is already defined on this page; keeping the existing definition.`);
    }
    return false;
  }
  customElements.define(tag, ctor);
  return true;
}

// What the care summary's view functions read from the element and call back on it (section-views.ts, item-views.ts).
import type { TemplateResult } from 'lit';
import type { CareSetting, MessageKey } from '@joinedcare/core';
import type { SummaryItem } from './model-shared.js';
import type { SectionKey } from './sections.js';

/** Which items the filter shows: `other`, all but those known to be from the user's own setting; `all`, every item. */
export type SummaryFilter = 'all' | 'other';

/** What the views read from the element, and what they call back on it. Built afresh for each render. */
export interface SummaryViewHost {
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** The effective locale, if any. */
  lang: string | undefined;
  now(): Date;
  filter: SummaryFilter;
  /** The other care setting (whose items are marked), if the perspective is known. */
  other: CareSetting | undefined;
  collapsed: ReadonlySet<SectionKey>;
  /** List id -> page (absent: not expanded). */
  views: ReadonlyMap<string, number>;
  headingLevel: number;
  initialItems: number;
  /** Whether item titles are buttons that fire `jc-item-selected` (the host listens: `selectable-items`). */
  selectable: boolean;
  /** How many of a list's `total` rows to draw now (a long list is drawn a batch per task). */
  drawLimit(id: string, total: number): number;
  renderLoading(what: string): TemplateResult;
  renderError(error: unknown, what: string, retry: () => void): TemplateResult;
  renderEmpty(text: string): TemplateResult;
  setFilter(filter: SummaryFilter): void;
  /** Sets (or with `undefined`, removes) a list's page. */
  setView(id: string, page: number | undefined): void;
  toggleSection(key: SectionKey): void;
  retrySection(key: SectionKey): void;
  selectItem(item: SummaryItem): void;
  openDocument(item: SummaryItem): void;
}

/** Whether an item is known to come from the user's own care setting (the `other` filter hides it; an item of unknown setting is never hidden). */
export function isOwn(host: Pick<SummaryViewHost, 'other'>, item: { source: SummaryItem['source'] }): boolean {
  const own = host.other === 'primary' ? 'secondary' : host.other === 'secondary' ? 'primary' : undefined;
  return own !== undefined && item.source.setting === own;
}

/** Whether an item came from the other care setting (it is marked, and the filter can show only those). */
export function isOther(host: Pick<SummaryViewHost, 'other'>, item: { source: SummaryItem['source'] }): boolean {
  return host.other !== undefined && item.source.setting === host.other;
}

/** `set` with `key` added, or removed when it was there (a new set). */
export function toggled<T>(set: ReadonlySet<T>, key: T): Set<T> {
  const next = new Set(set);
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return next;
}

/** `views` with list `id` at `page`, or without it when `page` is undefined (a new map). */
export function withView(views: ReadonlyMap<string, number>, id: string, page: number | undefined): Map<string, number> {
  const next = new Map(views);
  if (page === undefined) next.delete(id);
  else next.set(id, page);
  return next;
}

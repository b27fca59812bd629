// What the care summary's view functions read from the element and call back on it (section-views.ts, item-views.ts).
import type { TemplateResult } from 'lit';
import type { CareSetting, MessageKey } from '@joinedcare/core';
import type { SummaryItem } from './model-shared.js';
import type { SectionKey } from './sections.js';

/** Which items the filter shows. */
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

/** Whether an item came from the other care setting (it is marked, and the filter can show only those). */
export function isOther(host: Pick<SummaryViewHost, 'other'>, item: { source: SummaryItem['source'] }): boolean {
  return host.other !== undefined && item.source.setting === host.other;
}

// What the summary says about the record as a whole, above its sections: a GP Connect record refused
// whole (another patient's), warnings on the whole record (an incomplete GP2GP transfer), and what of
// the record could not be shown.
import { html, nothing } from 'lit';
import type { SectionWarning } from './model-shared.js';
import type { HandedInput } from './handed-in.js';
import type { SectionKey } from './sections.js';
import type { SectionState } from './section-state.js';
import type { SummaryViewHost } from './view-host.js';
import { renderBanner } from './section-views.js';

/** The notices of the record, from the handed-in data and from the sections loaded from the server. */
export interface RecordNoticesView {
  refused: boolean;
  warnings: SectionWarning[];
  unreadableLists: number;
  outcomes: string[];
}

export function recordNotices(handed: HandedInput | undefined, states: ReadonlyArray<[SectionKey, SectionState]>): RecordNoticesView {
  const warnings: SectionWarning[] = [...(handed?.notices.warnings ?? [])];
  for (const [, s] of states) {
    if (s.status !== 'done') continue;
    for (const w of s.recordWarnings ?? []) if (!warnings.some((x) => x.code === w.code)) warnings.push(w);
  }
  return {
    refused: handed?.notices.refused ?? false,
    warnings,
    unreadableLists: handed?.notices.unreadableLists ?? 0,
    outcomes: handed?.notices.outcomes ?? [],
  };
}

export function renderRecordNotices(host: SummaryViewHost, n: RecordNoticesView) {
  if (n.refused) {
    return html`<div class="banner refused" part="refused" role="alert">
      <p class="banner-title">${host.t('csGpcRefused')}</p>
      <p>${host.t('csGpcRefusedDetail')}</p>
    </div>`;
  }
  return html`${n.warnings.map((w) => renderBanner(w, 'record-warning'))}
  ${n.unreadableLists ? html`<p class="note" part="record-note">${host.t('csListsUnreadable', { count: n.unreadableLists })}</p>` : nothing}
  ${n.outcomes.length ? html`<p class="note" part="record-note">${host.t('csGpcOutcomes', { text: n.outcomes.join(' ') })}</p>` : nothing}`;
}

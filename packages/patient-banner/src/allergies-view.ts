// The allergy indicator's markup: a labelled row under the banner's details.
import { html, nothing, svg } from 'lit';
import type { MessageKey } from '@joinedcare/core';
import type { AllergyIndicator, BannerAllergy } from './allergies.js';

type T = (key: MessageKey, params?: Record<string, string | number>) => string;

/** A warning triangle: high criticality is said in words too, never by colour alone. */
const WARNING = svg`<path d="M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z"/>`;

function allergyItem(a: BannerAllergy, t: T) {
  const notes = [a.high ? t('pbHighCriticality') : '', a.unconfirmed ? t('pbUnconfirmed') : ''].filter(Boolean).join(', ');
  return html`<li class=${a.high ? 'allergy allergy--high' : 'allergy'} part=${a.high ? 'allergy allergy-high' : 'allergy'}>
    ${a.high ? html`<svg viewBox="0 0 24 24" aria-hidden="true">${WARNING}</svg>` : nothing}<span class="allergy-name">${a.name}</span
    >${notes ? html` <span class="allergy-note">(${notes})</span>` : nothing}
  </li>`;
}

function allergyText(indicator: AllergyIndicator, t: T) {
  switch (indicator.kind) {
    case 'allergies':
      return html`<ul class="allergy-list">
          ${indicator.allergies.map((a) => allergyItem(a, t))}
        </ul>
        ${indicator.statements.length ? html`<span class="allergy-statement">${indicator.statements.join('; ')}</span>` : nothing}`;
    case 'none-known':
      return html`<span class="allergy-statement">${indicator.statements.join('; ')}</span>`;
    case 'none-recorded':
      return t('pbAllergiesNoneRecorded');
    case 'not-available':
      return html`<span class="allergy-unavailable">${t('pbAllergiesNotAvailable')}</span>`;
  }
}

/** The indicator row: "Allergies" and what the record says, or that it is loading. */
export function renderAllergies(indicator: AllergyIndicator | 'loading', t: T) {
  const high = indicator !== 'loading' && indicator.allergies.some((a) => a.high);
  return html`<dl class=${high ? 'allergies allergies--high' : 'allergies'} part="allergies">
    <div>
      <dt>${t('pbAllergies')}</dt>
      <dd>
        ${
          indicator === 'loading'
            ? html`<span role="status">${t('pbAllergiesLoading')}</span>`
            : html`${allergyText(indicator, t)}${
                indicator.incomplete && indicator.kind !== 'not-available'
                  ? html` <span class="allergy-incomplete">${t('pbAllergiesIncomplete')}</span>`
                  : nothing
              }`
        }
      </dd>
    </div>
  </dl>`;
}

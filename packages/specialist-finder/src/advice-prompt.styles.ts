// The styles of <jc-advice-prompt> (the severity and button styles are shared with <jc-specialist-finder>).
import { css } from 'lit';

/** Cards in a grid that widens with the container, the dismiss form and the heading. */
export const promptStyles = css`
  .cards {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: var(--jc-space-2, 8px);
  }
  @container (min-width: 40rem) {
    .cards {
      grid-template-columns: repeat(auto-fill, minmax(18rem, 1fr));
    }
  }
  .card {
    border: 1px solid var(--jc-prompt-card-border, var(--jc-color-border, #d8dde0));
    border-left-width: 6px;
    border-radius: var(--jc-radius, 4px);
    padding: var(--jc-space-2, 8px) var(--jc-space-3, 16px);
    background: var(--jc-color-surface, #fff);
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .card--critical {
    border-left-color: var(--jc-finder-critical-color, var(--jc-color-error, #d5281b));
  }
  .card--warning {
    border-left-color: var(--jc-finder-warning-color, #8a5300);
  }
  .card--info {
    border-left-color: var(--jc-finder-info-color, var(--jc-color-primary, #005eb8));
  }
  .card p {
    margin: var(--jc-space-1, 4px) 0;
  }
  .summary {
    font-weight: 600;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--jc-space-2, 8px);
    margin-top: var(--jc-space-2, 8px);
  }
  fieldset {
    border: 1px solid var(--jc-color-border, #d8dde0);
    margin: var(--jc-space-2, 8px) 0 0;
    padding: var(--jc-space-2, 8px);
  }
  fieldset label {
    display: block;
    padding: 2px 0;
  }
  .error-text {
    color: var(--jc-color-error, #d5281b);
    font-weight: 600;
  }
  .heading {
    font-size: var(--jc-font-size-large, 1.1875rem);
    font-weight: 700;
    margin: 0 0 var(--jc-space-2, 8px);
  }
`;

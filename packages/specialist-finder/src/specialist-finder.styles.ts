// The styles of <jc-specialist-finder> (the severity and button styles are shared with <jc-advice-prompt>).
import { css } from 'lit';

/** Header, toolbar, filters, table and pager. */
export const finderStyles = css`
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: var(--jc-space-2, 8px);
  }
  .title {
    font-size: var(--jc-font-size-large, 1.1875rem);
    font-weight: 700;
    margin: 0;
  }
  .toolbar,
  .filters,
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--jc-space-2, 8px);
    margin: var(--jc-space-2, 8px) 0;
  }
  .filters label {
    display: inline-flex;
    flex-direction: column;
    font-weight: 600;
    max-width: 100%;
    min-width: 0;
  }
  select {
    /* rule titles are long: the select never widens the page past its column (the list shows them whole) */
    max-width: 100%;
    font: inherit;
    min-height: 40px;
    border: 2px solid var(--jc-color-text, #212b32);
    border-radius: var(--jc-radius, 4px);
  }
  progress {
    width: 100%;
    height: 0.75rem;
  }
  .table-wrap {
    overflow-x: auto;
    max-width: 100%;
  }
  table {
    border-collapse: collapse;
    width: 100%;
  }
  caption {
    text-align: left;
    font-weight: 600;
    padding: var(--jc-space-1, 4px) 0;
  }
  th,
  td {
    text-align: left;
    vertical-align: top;
    padding: var(--jc-space-1, 4px) var(--jc-space-2, 8px);
    border-bottom: 1px solid var(--jc-color-border, #d8dde0);
  }
  tbody tr:hover {
    background: var(--jc-finder-row-hover, var(--jc-color-surface-alt, #f0f4f5));
  }
  th button,
  td button.link {
    font: inherit;
    font-weight: 600;
    background: none;
    border: 0;
    padding: 0;
    color: var(--jc-color-primary, #005eb8);
    text-decoration: underline;
    cursor: pointer;
    text-align: left;
    min-height: 24px;
  }
  .nowrap {
    white-space: nowrap;
  }
  @container (max-width: 40rem) {
    .evidence {
      min-width: 14rem;
    }
  }
`;

import { css } from 'lit';

/** NHS.UK tag colours (background / text), each pair well above 4.5:1. */
export const referralStyles = css`
  :host {
    container-type: inline-size;
  }
  .base {
    display: flex;
    flex-direction: column;
    gap: var(--_jc-s2);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0 var(--_jc-s3);
  }
  .title {
    margin: 0;
    font-size: var(--_jc-size-large);
    font-weight: 700;
  }
  .meta,
  .updated {
    margin: 0;
    font-size: var(--_jc-size-small);
    color: var(--jc-referral-label-color, var(--_jc-text-secondary));
  }
  .notice {
    margin: 0;
    padding: var(--_jc-s1) var(--_jc-s2);
    border-left: 4px solid var(--_jc-warning);
    background: var(--_jc-surface-alt);
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_jc-s1) var(--_jc-s3);
    margin: 0;
    padding: 0;
    border: 0;
  }
  legend {
    padding: 0;
    margin-bottom: var(--_jc-s1);
    font-weight: 600;
  }
  fieldset label {
    display: inline-flex;
    align-items: center;
    gap: var(--_jc-s1);
    min-height: 44px;
    cursor: pointer;
  }
  input[type='radio'] {
    width: 20px;
    height: 20px;
    margin: 0;
    accent-color: var(--_jc-primary);
  }
  input[type='radio']:focus-visible {
    outline: 3px solid var(--_jc-focus-text);
    box-shadow: 0 0 0 6px var(--_jc-focus);
  }
  .section-title {
    margin: var(--_jc-s2) 0 0;
    font-size: var(--_jc-size);
    font-weight: 700;
  }
  /* the referrals: a table at wide sizes (NHS.UK table), compact cards under 480 px (NHS.UK responsive table) */
  table.table {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--_jc-size-small);
  }
  caption {
    text-align: left;
    padding: 0 0 var(--_jc-s1);
  }
  .group-source {
    display: block;
    font-size: var(--_jc-size-small);
    color: var(--jc-referral-label-color, var(--_jc-text-secondary));
  }
  thead th {
    text-align: left;
    vertical-align: bottom;
    font-weight: 600;
    padding: var(--_jc-s1) var(--_jc-s2);
    border-bottom: 2px solid var(--_jc-border);
  }
  .row > th,
  .row > td {
    text-align: left;
    vertical-align: top;
    font-weight: normal;
    padding: var(--_jc-s2);
    border-bottom: 1px solid var(--_jc-border);
    overflow-wrap: anywhere;
  }
  .item--open .row > * {
    border-bottom-color: transparent;
  }
  .row > :first-child {
    border-left: 4px solid var(--jc-referral-border, transparent);
  }
  .item--attention .row > :first-child {
    border-left-color: var(--jc-referral-attention-color, var(--_jc-error));
  }
  .cell--service {
    font-weight: 700;
    /* room for a specialty's name ("Rheumatology", "Gastroenterology") and a UBRN without breaking inside them */
    min-width: 9.5rem;
  }
  .ubrn {
    white-space: nowrap;
  }
  .cell--date {
    white-space: nowrap;
  }
  .cell--toggle {
    width: 1%;
    white-space: nowrap;
  }
  .sub {
    display: block;
    font-weight: normal;
    color: var(--jc-referral-label-color, var(--_jc-text-secondary));
  }
  .sub-label {
    font-weight: 600;
  }
  .service {
    font-size: var(--_jc-size);
  }
  .link {
    font: inherit;
    font-size: var(--_jc-size);
    font-weight: 700;
    color: var(--_jc-link);
    background: none;
    border: 0;
    padding: 0;
    min-height: 24px;
    text-align: left;
    text-decoration: underline;
    cursor: pointer;
  }
  .link:hover {
    color: var(--_jc-link-hover);
  }
  .link:focus-visible {
    outline: 4px solid transparent;
    background-color: var(--_jc-focus);
    color: var(--_jc-focus-text);
    box-shadow: var(--_jc-focus-ring);
    text-decoration: none;
  }
  .tag {
    white-space: normal;
  }
  .attention {
    display: block;
    margin-top: var(--_jc-s1);
    font-weight: 600;
    color: var(--_jc-text);
  }
  .attention svg {
    width: 1em;
    height: 1em;
    vertical-align: -0.125em;
    fill: var(--jc-referral-attention-color, var(--_jc-error));
    margin-right: 4px;
  }
  button.toggle {
    min-height: 24px;
    padding: 0 var(--_jc-s2);
    font-size: var(--_jc-size-small);
  }
  button.toggle::after {
    content: '';
    display: inline-block;
    margin-left: 6px;
    border: 5px solid transparent;
    border-top-color: currentColor;
    vertical-align: -0.2em;
  }
  button.toggle[aria-expanded='true']::after {
    border-top-color: transparent;
    border-bottom-color: currentColor;
    vertical-align: 0.1em;
  }
  .details > td {
    padding: 0 var(--_jc-s2) var(--_jc-s2) var(--_jc-s3);
    border-bottom: 1px solid var(--_jc-border);
    background: var(--_jc-surface-alt);
  }
  .details-body {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_jc-s1) var(--_jc-s4);
    padding-top: var(--_jc-s2);
  }
  .details-body > * {
    flex: 1 1 16rem;
    margin: 0;
  }
  .details-body > .actions {
    flex-basis: 100%;
  }
  .timeline-title {
    font-weight: 600;
  }
  dl {
    display: grid;
    grid-template-columns: minmax(6rem, max-content) 1fr;
    gap: 2px var(--_jc-s2);
  }
  dt {
    color: var(--jc-referral-label-color, var(--_jc-text-secondary));
  }
  dd {
    margin: 0;
  }
  dd ul {
    margin: 0;
    padding-left: 1.2em;
  }
  .clock {
    font-weight: 600;
  }
  .clock svg {
    width: 1em;
    height: 1em;
    vertical-align: -0.125em;
    margin-right: 4px;
    fill: currentColor;
  }
  .clock--breached {
    color: var(--jc-referral-breached-color, #8a1f17);
  }
  .clock--at-risk {
    color: var(--jc-referral-at-risk-color, #6b4700);
  }
  .clock-standard,
  .clock-line {
    display: block;
    font-size: var(--_jc-size-small);
    color: var(--jc-referral-label-color, var(--_jc-text-secondary));
  }
  .sub[hidden],
  .clock-line[hidden] {
    display: none;
  }
  .timeline ol {
    margin: 0;
    padding-left: 1.2em;
  }
  .timeline .by {
    color: var(--jc-referral-label-color, var(--_jc-text-secondary));
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_jc-s2);
    margin-top: var(--_jc-s2);
  }
  button.secondary {
    padding: 2px var(--_jc-s2);
  }
  .more {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_jc-s2);
  }
  /* a long group (a page of hundreds of referrals): the same table, its rows laid out as grids of fixed
     tracks (no column widths worked out from every row), each row group laid out and painted only near
     the viewport, so drawing another step of rows costs those rows, not the whole table */
  @container (min-width: 481px) {
    .table--long,
    .table--long > caption,
    .table--long > thead,
    .table--long > tbody,
    .table--long .details,
    .table--long .details > td {
      display: block;
    }
    .table--long > thead > tr,
    .table--long .row {
      display: grid;
      grid-template-columns:
        minmax(0, 1.4fr) minmax(0, 0.9fr) minmax(0, 1.6fr) minmax(0, 1.2fr) minmax(6.5rem, 0.8fr)
        minmax(0, 1.6fr) max-content;
    }
    .table--long > tbody {
      content-visibility: auto;
      contain-intrinsic-size: auto 6rem;
    }
  }
  @container (max-width: 480px) {
    table.table,
    table.table > caption,
    table.table tbody,
    .row,
    .row > th,
    .row > td,
    .details,
    .details > td {
      display: block;
      width: auto;
    }
    thead {
      /* the column headers stay for assistive technology; each cell shows its own label */
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .details[hidden] {
      display: none;
    }
    .item {
      border: 1px solid var(--_jc-border);
      border-left: 6px solid var(--jc-referral-border, var(--_jc-border));
      border-radius: var(--_jc-radius);
      margin-bottom: var(--_jc-s2);
      background: var(--jc-referral-background, var(--_jc-surface));
    }
    .item--attention {
      border-left-color: var(--jc-referral-attention-color, var(--_jc-error));
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      gap: 0 var(--_jc-s2);
      padding: var(--_jc-s2);
    }
    .row > th,
    .row > td {
      padding: 0;
      border: 0;
      flex: 1 1 100%;
    }
    .row > :first-child {
      border-left: 0;
    }
    .row > .cell--tag {
      flex: 0 0 auto;
    }
    .row > .cell--state {
      flex: 1 1 60%;
    }
    /* each value's label on a card: its column header, from the cell's data-field, as generated
       content with empty alternative text (the header still names the cell for assistive technology) */
    .row > [data-field]::before {
      content: attr(data-field);
      content: attr(data-field) / '';
      display: inline;
      margin-right: var(--_jc-s1);
      font-weight: 600;
      color: var(--jc-referral-label-color, var(--_jc-text-secondary));
    }
    .row > .cell--tag::before,
    .row > .cell--state::before,
    .row > .cell--service::before {
      content: none;
    }
    .row > .cell--clock::before {
      display: block;
    }
    .cell--toggle {
      margin-top: var(--_jc-s1);
    }
    .details > td {
      border: 0;
      padding: 0 var(--_jc-s2) var(--_jc-s2);
    }
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: var(--_jc-s1);
    }
  }
`;

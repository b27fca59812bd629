import { css } from 'lit';

/**
 * The care summary's tables (issue 18): NHS.UK tables at wide sizes, the same markup as compact
 * cards under a container width of 480 px (the NHS.UK responsive table: each cell shows its column's
 * label), details rows, the row tags, and the high-criticality allergies above the sections.
 */
export const tableStyles = css`
  /* a section's items: a table at wide sizes (NHS.UK table), compact cards in a narrow container */
  .items {
    width: 100%;
    border-collapse: collapse;
    font-size: var(--_jc-size-small);
  }
  .items th,
  .items td {
    text-align: left;
    vertical-align: top;
    padding: 2px var(--_jc-s2);
    overflow-wrap: anywhere;
  }
  .items thead th {
    padding-block: 2px;
    font-weight: 600;
    border-bottom: 2px solid var(--_cs-border);
  }
  .items > tbody > .row > * {
    border-top: 1px solid var(--_cs-border);
  }
  .items th.name {
    width: 45%;
    font-weight: 400;
    min-width: 12em;
  }
  .items .expand {
    width: 1%;
    white-space: nowrap;
    text-align: right;
  }
  .items .date {
    white-space: nowrap;
  }
  .cell-label {
    display: none;
  }
  .items--long {
    table-layout: fixed;
  }
  /* a long list's batches: each its own table with the same columns; a batch off screen is not laid out */
  .batch {
    content-visibility: auto;
    contain-intrinsic-size: auto 1200px;
  }
  .items--long thead.repeat {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
  .items--long .expand-col {
    width: 8em;
  }
  .group th {
    padding-block: var(--_jc-s1) 0;
    font-weight: 600;
    color: var(--_jc-text-secondary);
    font-size: var(--_jc-size-small);
  }
  .link-button {
    min-height: 24px;
    padding-block: 2px;
    margin-top: var(--_jc-s1);
    text-align: left;
  }
  .link-button[disabled] {
    color: var(--_jc-text-secondary);
    cursor: default;
    text-decoration: none;
  }
  .item-title {
    font-size: var(--_jc-size);
    line-height: 1.35;
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  button.item-title {
    padding: 0;
    min-height: 24px;
    text-align: left;
  }
  .row-tag {
    margin-left: var(--_jc-s2);
    color: var(--_jc-text-secondary);
    white-space: normal;
  }
  .row-tag::before {
    content: '· ';
  }
  .item--other .row-source {
    color: var(--_cs-other);
    font-weight: 600;
  }
  .risk {
    margin-left: var(--_jc-s2);
  }
  .expand-button {
    min-height: 24px;
    padding: 0 var(--_jc-s1);
    margin: 0;
    white-space: nowrap;
  }
  .expand-button .chevron {
    width: 0.45em;
    height: 0.45em;
    margin-right: var(--_jc-s1);
    transform: rotate(-45deg);
  }
  .expand-button[aria-expanded='true'] .chevron {
    transform: rotate(45deg) translate(-2px, -2px);
  }
  .details[hidden] {
    display: none;
  }
  .details > td {
    padding: 0 var(--_jc-s2) var(--_jc-s2) var(--_jc-s3);
    background: var(--_cs-header-bg);
  }
  button.open {
    margin-right: var(--_jc-s2);
    min-height: 24px;
    padding: 0 var(--_jc-s2);
    border-width: 1px;
  }
  /* a statement about the section (No known allergy) on one line with its source */
  .statement p {
    display: inline;
  }
  .statement .source {
    margin-left: var(--_jc-s2);
  }
  @container (max-width: 480px) {
    .items,
    .items > tbody,
    .items tr,
    .items th,
    .items td {
      display: block;
      width: auto;
    }
    .items thead {
      position: absolute;
      width: 1px;
      height: 1px;
      overflow: hidden;
      clip: rect(0 0 0 0);
    }
    .items > tbody {
      border-top: 1px solid var(--_cs-border);
      padding-block: var(--_jc-s1);
    }
    .items > tbody > .row > * {
      border-top: 0;
      padding-block: 0;
    }
    .items th.name,
    .items .expand {
      width: auto;
      min-width: 0;
      text-align: left;
      white-space: normal;
    }
    .cell-label {
      display: inline;
      color: var(--_jc-text-secondary);
    }
    .items .date {
      white-space: normal;
    }
  }
  .risk-summary {
    padding: var(--_jc-s2) var(--_jc-s3);
    border: 2px solid var(--_cs-risk);
    border-left-width: 10px;
    border-radius: var(--_jc-radius);
  }
  .risk-summary ul {
    margin: var(--_jc-s1) 0 0;
    padding-left: var(--_jc-s4, 24px);
  }
  .risk-title {
    margin: 0;
    font-weight: 700;
  }
  .risk-icon {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.4em;
    height: 1.4em;
    margin-right: var(--_jc-s2);
    border-radius: 50%;
    background: var(--_cs-risk);
    color: var(--_jc-surface);
    font-weight: 700;
  }
  .risk-source {
    color: var(--_jc-text-secondary);
    font-size: var(--_jc-size-small);
  }
`;

import { css } from 'lit';
import { tableStyles } from './table.styles.js';

/** Styles of `<jc-care-summary>` (its tables: `tableStyles`). Component tokens fall back to the global `--jc-*` tokens. */
const summaryStyles = css`
  :host {
    --_cs-bg: var(--jc-care-summary-background, var(--_jc-surface));
    --_cs-border: var(--jc-care-summary-border, var(--_jc-border));
    --_cs-header-bg: var(--jc-care-summary-header-background, var(--_jc-surface-alt));
    --_cs-other: var(--jc-care-summary-other-accent, #7c2855);
    --_cs-risk: var(--jc-care-summary-risk-accent, var(--_jc-error));
    --_cs-none-known: var(--jc-care-summary-none-known-accent, var(--_jc-success));
    --_cs-notice: var(--jc-care-summary-notice-accent, var(--_jc-warning));
    --_cs-trend: var(--jc-care-summary-trend-color, var(--_jc-primary));
    --_cs-trend-2: var(--jc-care-summary-trend-color-2, var(--_jc-text-secondary));
    --_cs-gap: var(--jc-care-summary-gap, var(--_jc-s2));
    container-type: inline-size;
  }
  .summary {
    display: flex;
    flex-direction: column;
    gap: var(--_cs-gap);
    background: var(--_cs-bg);
    color: var(--_jc-text);
  }
  .filter {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_jc-s3);
    align-items: center;
    margin: 0;
    padding: 0 var(--_jc-s3);
    border: 1px solid var(--_cs-border);
    border-radius: var(--_jc-radius);
  }
  .filter legend {
    float: left;
    font-weight: 600;
    padding: 0;
    margin-right: var(--_jc-s2);
  }
  .filter label {
    display: inline-flex;
    align-items: center;
    gap: var(--_jc-s1);
    min-height: 32px;
    cursor: pointer;
  }
  .filter input {
    width: 1.25em;
    height: 1.25em;
    accent-color: var(--_jc-primary);
  }
  .filter input:focus-visible {
    outline: 3px solid var(--_jc-focus-text);
    outline-offset: 2px;
  }
  .section {
    border: 1px solid var(--_cs-border);
    border-radius: var(--_jc-radius);
    background: var(--_cs-bg);
  }
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0 var(--_jc-s3);
    padding: 0 var(--_jc-s3) 0 0;
    background: var(--_cs-header-bg);
    border-radius: var(--_jc-radius) var(--_jc-radius) 0 0;
  }
  .title {
    margin: 0;
    font-size: var(--_jc-size-large);
    font-weight: 600;
  }
  .toggle {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 2px var(--_jc-s3);
    min-height: 32px;
    line-height: 1.4;
    text-align: left;
    cursor: pointer;
  }
  .chevron {
    display: inline-block;
    width: 0.55em;
    height: 0.55em;
    margin-right: var(--_jc-s2);
    border-right: 2px solid currentColor;
    border-bottom: 2px solid currentColor;
    transform: rotate(45deg) translate(-2px, -2px);
  }
  .toggle[aria-expanded='false'] .chevron {
    transform: rotate(-45deg);
  }
  .count {
    font-weight: 400;
    font-size: var(--_jc-size);
  }
  .provenance {
    margin: 0 0 0 var(--_jc-s3);
    padding-block: var(--_jc-s1);
    font-size: var(--_jc-size-small);
    color: var(--_jc-text-secondary);
  }
  .body {
    padding: var(--_jc-s1) var(--_jc-s3);
  }
  .body > .state {
    margin-block: var(--_jc-s1);
    padding: var(--_jc-s1) var(--_jc-s3);
  }
  .body > .state--empty {
    border: 0;
    padding: 0;
  }
  .body[hidden] {
    display: none;
  }
  /* a section that only says "none recorded": one line */
  .section--bare {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    background: var(--_cs-header-bg);
  }
  .section--bare .header {
    flex: 0 1 auto;
  }
  .section--bare .body {
    flex: 1 1 12em;
    padding: var(--_jc-s1) var(--_jc-s3);
  }
  .section--bare .body > .state {
    margin: 0;
    background: none;
  }
  .banner,
  .statement,
  .note {
    margin: var(--_jc-s1) 0;
    padding: var(--_jc-s1) var(--_jc-s3);
    border: 1px solid var(--_cs-border);
    border-left: 6px solid var(--_cs-notice);
    border-radius: var(--_jc-radius);
  }
  .banner p,
  .statement p {
    margin: 0;
  }
  .banner-title,
  .statement-title {
    font-weight: 600;
  }
  .statement--none-known {
    border-left-color: var(--_cs-none-known);
  }
  .statement--not-available {
    border-style: dashed;
    border-left: 6px solid var(--_cs-notice);
  }
  .tick {
    display: inline-block;
    width: 0.45em;
    height: 0.85em;
    margin: 0 var(--_jc-s2) 0 var(--_jc-s1);
    border-right: 3px solid var(--_cs-none-known);
    border-bottom: 3px solid var(--_cs-none-known);
    transform: rotate(45deg);
  }
  .info {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 1.3em;
    height: 1.3em;
    margin-right: var(--_jc-s2);
    border: 2px solid currentColor;
    border-radius: 50%;
    font-style: italic;
    font-weight: 700;
    font-family: Georgia, serif;
    line-height: 1;
  }
  .statement .source,
  .note {
    font-size: var(--_jc-size-small);
    color: var(--_jc-text-secondary);
  }
  .fields {
    display: grid;
    grid-template-columns: 1fr;
    gap: 0 var(--_jc-s3);
    margin: var(--_jc-s1) 0 0;
    font-size: var(--_jc-size-small);
  }
  .fields > div {
    display: flex;
    gap: var(--_jc-s2);
    min-width: 0;
  }
  .fields dt {
    color: var(--_jc-text-secondary);
    flex: none;
  }
  .fields dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  @container (min-width: 600px) {
    .fields {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  .trend {
    margin-top: var(--_jc-s1);
  }
  .sparkline {
    display: block;
    max-width: 100%;
    overflow: visible;
  }
  .sparkline .series {
    stroke: var(--_cs-trend);
    stroke-width: 2;
    stroke-linejoin: round;
  }
  .sparkline .series-1 {
    stroke: var(--_cs-trend-2);
    stroke-dasharray: 4 2;
  }
  .sparkline circle {
    fill: var(--_cs-trend);
  }
  .sparkline circle.series-1 {
    fill: var(--_cs-trend-2);
  }
  .sparkline .censored {
    fill: var(--_cs-bg);
    stroke: var(--_cs-trend);
    stroke-width: 1.5;
  }
  .refused {
    border-left-color: var(--_jc-error);
  }
  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0 var(--_jc-s3);
  }
  .history {
    width: 100%;
    margin-top: var(--_jc-s2);
    border-collapse: collapse;
    font-size: var(--_jc-size-small);
  }
  .history caption {
    text-align: left;
    font-weight: 600;
  }
  .history th,
  .history td {
    text-align: left;
    padding: var(--_jc-s1) var(--_jc-s2);
    border-bottom: 1px solid var(--_cs-border);
  }
  @media (forced-colors: active) {
    .risk-summary {
      border-color: Mark;
    }
  }
`;

export const careSummaryStyles = [summaryStyles, tableStyles];

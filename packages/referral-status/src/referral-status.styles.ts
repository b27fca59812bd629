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
  ol.list {
    list-style: none;
    margin: 0;
    padding: 0;
    display: flex;
    flex-direction: column;
    gap: var(--_jc-s2);
  }
  .item {
    border: 1px solid var(--_jc-border);
    border-left: 6px solid var(--jc-referral-border, var(--_jc-border));
    border-radius: var(--_jc-radius);
    background: var(--jc-referral-background, var(--_jc-surface));
    padding: var(--_jc-s2) var(--_jc-s3);
    overflow-wrap: anywhere;
  }
  .item--attention {
    border-left-color: var(--jc-referral-attention-color, var(--_jc-error));
  }
  .item-head {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_jc-s1) var(--_jc-s2);
  }
  .item-title {
    margin: 0;
    font-size: var(--_jc-size);
    font-weight: 700;
    flex: 1 1 12rem;
  }
  .link {
    font: inherit;
    font-weight: 700;
    color: var(--_jc-primary);
    background: none;
    border: 0;
    padding: 0;
    min-height: 24px;
    text-align: left;
    text-decoration: underline;
    cursor: pointer;
  }
  .triage {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--_jc-s2);
    margin-bottom: var(--_jc-s1);
  }
  .triage .tag {
    font-size: var(--_jc-size);
  }
  .tag {
    white-space: nowrap;
  }
  .attention {
    margin: var(--_jc-s1) 0;
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
  dl {
    display: grid;
    grid-template-columns: minmax(7rem, max-content) 1fr;
    gap: 2px var(--_jc-s2);
    margin: var(--_jc-s1) 0;
  }
  dt {
    font-size: var(--_jc-size-small);
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
  details {
    margin-top: var(--_jc-s1);
  }
  summary {
    cursor: pointer;
    color: var(--_jc-primary);
    min-height: 24px;
  }
  summary:focus-visible {
    outline: 4px solid transparent;
    background-color: var(--_jc-focus);
    color: var(--_jc-focus-text);
    box-shadow: var(--_jc-focus-ring);
  }
  details ol {
    margin: var(--_jc-s1) 0 0;
    padding-left: 1.2em;
  }
  details .by {
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
  @container (max-width: 480px) {
    dl {
      grid-template-columns: 1fr;
    }
    dd {
      margin-bottom: var(--_jc-s1);
    }
  }
`;

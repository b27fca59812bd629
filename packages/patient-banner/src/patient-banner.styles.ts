import { css } from 'lit';

export const bannerStyles = css`
  :host {
    container-type: inline-size;
  }
  .banner {
    background: var(--jc-banner-background, var(--_jc-surface-alt));
    color: var(--jc-banner-color, var(--_jc-text));
    border-bottom: 4px solid var(--jc-banner-accent, var(--_jc-primary));
    padding: var(--_jc-s2) var(--_jc-s3);
  }
  .banner--deceased {
    background: var(--jc-banner-deceased-background, #425563);
    color: var(--jc-banner-deceased-color, #ffffff);
    border-bottom-color: var(--jc-banner-deceased-accent, #212b32);
  }
  .name {
    margin: 0;
    font-size: var(--_jc-size-large);
    font-weight: 700;
    line-height: 1.3;
    overflow-wrap: anywhere;
  }
  .deceased-tag {
    display: inline-block;
    margin-left: var(--_jc-s2);
    padding: 0 var(--_jc-s2);
    border: 2px solid currentColor;
    font-size: var(--_jc-size-small);
    font-weight: 700;
    vertical-align: middle;
  }
  dl {
    display: flex;
    flex-direction: column;
    gap: 0 var(--_jc-s4);
    margin: var(--_jc-s1) 0 0;
  }
  dl > div {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_jc-s2);
    align-items: baseline;
  }
  dt {
    font-size: var(--_jc-size-small);
    color: var(--jc-banner-label-color, var(--_jc-text-secondary));
  }
  .banner--deceased dt {
    color: inherit;
  }
  dd {
    margin: 0;
    font-weight: 600;
  }
  .nhs-number {
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.02em;
    white-space: nowrap;
  }
  .verification {
    display: inline-flex;
    align-items: center;
    gap: var(--_jc-s1);
    padding: 0 var(--_jc-s1);
    border: 1px solid currentColor;
    border-radius: var(--_jc-radius);
    font-size: var(--_jc-size-small);
    font-weight: 600;
    white-space: nowrap;
  }
  .verification--verified {
    color: var(--_jc-success);
    background: #ffffff;
  }
  .verification--unverified {
    color: #6b4d00;
    background: #fff4d6;
  }
  .verification--invalid,
  .verification--missing {
    color: #ffffff;
    background: var(--_jc-error);
    border-color: var(--_jc-error);
  }
  .verification svg {
    width: 1em;
    height: 1em;
    fill: currentColor;
  }
  .allergies {
    margin-top: var(--_jc-s1);
  }
  .allergy-list {
    display: inline;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .allergy {
    display: inline;
  }
  .allergy + .allergy::before {
    content: ', ';
  }
  .allergy-list + .allergy-statement::before {
    content: '; ';
  }
  .allergy--high {
    font-weight: 700;
  }
  .allergy--high svg {
    width: 1.1em;
    height: 1.1em;
    margin-right: 0.15em;
    vertical-align: -0.15em;
    fill: currentColor;
  }
  .allergy--high .allergy-note {
    padding: 0 var(--_jc-s1);
    border: 2px solid currentColor;
    border-radius: var(--_jc-radius);
    font-size: var(--_jc-size-small);
    text-transform: uppercase;
    letter-spacing: 0.02em;
    white-space: nowrap;
  }
  .allergies--high {
    padding: var(--_jc-s1) var(--_jc-s2);
    border-left: 4px solid var(--jc-banner-allergy-accent, var(--_jc-error));
    background: var(--jc-banner-allergy-background, #ffffff);
    color: var(--jc-banner-allergy-color, var(--_jc-text));
  }
  .allergies--high dt {
    color: inherit;
    font-weight: 700;
  }
  .allergy-unavailable,
  .allergy-incomplete {
    font-style: italic;
  }
  @container (min-width: 600px) {
    dl {
      flex-direction: row;
      flex-wrap: wrap;
    }
  }
`;

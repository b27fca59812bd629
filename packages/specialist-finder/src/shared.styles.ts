import { css, svg } from 'lit';
import type { Severity } from './rules/schema.js';

/** Severity icons: shape and word carry the meaning, colour only adds to it. */
export const SEVERITY_ICONS: Record<Severity, ReturnType<typeof svg>> = {
  info: svg`<path d="M11 7h2v2h-2zm0 4h2v6h-2zm1-9a10 10 0 1 0 0 20 10 10 0 0 0 0-20z"/>`,
  warning: svg`<path d="M1 21h22L12 2 1 21zm12-3h-2v-2h2v2zm0-4h-2v-4h2v4z"/>`,
  critical: svg`<path d="M15.7 3H8.3L3 8.3v7.4L8.3 21h7.4l5.3-5.3V8.3L15.7 3zM13 17h-2v-2h2v2zm0-4h-2V7h2v6z"/>`,
};

export const sharedStyles = css`
  :host {
    display: block;
    container-type: inline-size;
  }
  .severity {
    display: inline-flex;
    align-items: center;
    gap: var(--jc-space-1, 4px);
    font-weight: 600;
  }
  .severity svg {
    width: 1.25em;
    height: 1.25em;
    fill: currentColor;
    flex: none;
  }
  .severity--critical {
    color: var(--jc-finder-critical-color, var(--jc-color-error, #d5281b));
  }
  .severity--warning {
    color: var(--jc-finder-warning-color, #8a5300);
  }
  .severity--info {
    color: var(--jc-finder-info-color, var(--jc-color-primary, #005eb8));
  }
  .issues {
    margin: 0;
    padding-left: 1.25em;
  }
  .muted {
    color: var(--jc-color-text-secondary, #4c6272);
    font-size: var(--jc-font-size-small, 0.875rem);
  }
`;

export const buttonStyles = css`
  button.jc-button--secondary {
    background: transparent;
    color: var(--jc-color-primary, #005eb8);
    border-color: currentColor;
  }
  button.jc-button--secondary:hover {
    background: var(--jc-color-surface-alt, #f0f4f5);
  }
`;

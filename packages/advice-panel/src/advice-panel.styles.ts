import { css } from 'lit';

export const advicePanelStyles = css`
  :host {
    container-type: inline-size;
  }
  .panel {
    background: var(--jc-advice-background, var(--_jc-surface));
    color: var(--_jc-text);
  }
  .title {
    margin: 0 0 var(--_jc-s2);
    font-size: var(--_jc-size-large);
    font-weight: 700;
  }
  ul.conversations,
  ol.messages,
  ul.attachments {
    list-style: none;
    margin: 0;
    padding: 0;
  }
  .conversation {
    border: 1px solid var(--_jc-border);
    border-left: 6px solid var(--_jc-border);
    border-radius: var(--_jc-radius);
    padding: var(--_jc-s1) var(--_jc-s2);
    margin-bottom: var(--_jc-s1);
  }
  .conversation--your-turn {
    border-left-color: var(--_jc-primary);
  }
  .conversation--overdue {
    border-left-color: var(--jc-advice-overdue-color, var(--_jc-error));
  }
  .card-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: var(--_jc-s1) var(--_jc-s2);
    margin: 0;
  }
  .card-title {
    font-weight: 700;
  }
  /* a card's facts flow in lines: label and value kept together, the question on a line of its own */
  .card-facts {
    display: flex;
    flex-wrap: wrap;
    gap: 0 var(--_jc-s3);
    margin: var(--_jc-s1) 0 0;
    font-size: var(--_jc-size-small);
  }
  .card-facts > div {
    display: flex;
    gap: 0.3em;
    min-width: 0;
  }
  .card-facts > .question {
    flex-basis: 100%;
    font-size: var(--_jc-size);
  }
  .header-facts {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0 var(--_jc-s2);
    margin: var(--_jc-s1) 0;
    font-size: var(--_jc-size-small);
  }
  .header-facts > div {
    display: contents;
  }
  dt {
    color: var(--_jc-text-secondary);
  }
  dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  .overdue {
    color: var(--jc-advice-overdue-color, var(--_jc-error));
    font-weight: 700;
  }
  .next {
    font-weight: 600;
  }
  button.link {
    font: inherit;
    color: var(--_jc-primary);
    background: none;
    border: 0;
    padding: 0;
    text-decoration: underline;
    cursor: pointer;
    text-align: left;
    min-height: 24px;
  }
  button[disabled] {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .message {
    border-top: 1px solid var(--_jc-border);
    padding: var(--_jc-s2) 0;
  }
  .message--responder {
    padding-left: var(--_jc-s3);
    border-left: 4px solid var(--jc-advice-responder-accent, var(--_jc-primary));
  }
  .meta {
    font-size: var(--_jc-size-small);
    color: var(--_jc-text-secondary);
    margin: 0;
  }
  .sender {
    font-weight: 700;
    color: var(--_jc-text);
  }
  .text {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
    margin: var(--_jc-s1) 0;
  }
  .attachment {
    margin: var(--_jc-s1) 0;
  }
  .attachment--unavailable {
    color: var(--_jc-text-secondary);
  }
  .compose,
  .new-request {
    margin-top: var(--_jc-s3);
    border-top: 2px solid var(--_jc-border);
    padding-top: var(--_jc-s2);
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    margin-bottom: var(--_jc-s1);
  }
  textarea,
  select {
    font: inherit;
    width: 100%;
    border: 2px solid var(--_jc-text);
    border-radius: 0;
    padding: var(--_jc-s1);
    color: var(--_jc-text);
    background: var(--_jc-surface);
  }
  textarea {
    min-height: 6em;
    resize: vertical;
  }
  textarea:focus,
  select:focus,
  input:focus {
    outline: 3px solid var(--_jc-focus);
    box-shadow: inset 0 0 0 2px var(--_jc-focus-text);
  }
  .hint {
    font-size: var(--_jc-size-small);
    color: var(--_jc-text-secondary);
    margin: 0 0 var(--_jc-s1);
  }
  fieldset {
    border: 0;
    padding: 0;
    margin: var(--_jc-s2) 0;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: var(--_jc-s2);
    margin-top: var(--_jc-s2);
    align-items: center;
  }
  .send-error {
    margin-top: var(--_jc-s2);
  }
`;

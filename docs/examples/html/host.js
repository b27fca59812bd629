// The page's own code: switching patient is one attribute, and widget events are DOM events.
const context = document.getElementById('context');
const status = document.getElementById('last-event');

document.getElementById('patient').addEventListener('change', (e) => {
  context.setAttribute('patient-id', e.target.value);
});

// events carry ids only (never names or clinical text), so they are safe to log or forward
for (const type of ['jc-context-changed', 'jc-safety-warning', 'jc-document-open-request', 'jc-referral-selected']) {
  document.addEventListener(type, () => {
    status.textContent = `Last event: ${type}`;
  });
}

// the lifecycle: each widget says when it has loaded (jc-load, counts only), failed (jc-error, the
// kind only) or found nothing (jc-empty); `state` is its own reading, also its `state` attribute
// (e.g. `jc-care-summary[state='error'] { … }` in CSS); `refresh()` reloads it after the host's own write
const summary = document.querySelector('jc-care-summary');
const summaryState = document.getElementById('summary-state');
summary.addEventListener('jc-load', (e) => {
  summaryState.textContent = `Care summary: ${summary.state}${e.detail.count === undefined ? '' : `, ${e.detail.count} items`}`;
});
summary.addEventListener('jc-error', (e) => {
  summaryState.textContent = `Care summary: error: ${e.detail.kind}`;
});
document.getElementById('reload-summary').addEventListener('click', () => summary.refresh());

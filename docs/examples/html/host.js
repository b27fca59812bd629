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

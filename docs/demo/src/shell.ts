// Shared behaviour of the two mock products: the patient list (sidebar), switching the patient in
// `<jc-context patient-id>`, the page heading, a deep link (#pat-b), and the event log a real
// integrator would wire to their own system. Host text is set with textContent only.
import { formatDate, formatName, formatNhsNumber } from '@joinedcare/core';
import { startFhir, type ListEntry } from './data.js';
import { openLetter } from './letters.js';

export interface ShellOptions {
  /** The product's patient list, in order, each with the visit's time and reason. */
  patients: readonly ListEntry[];
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] => {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
};

export async function startShell({ patients: entries }: ShellOptions): Promise<void> {
  const patients = entries.map((e) => e.persona);
  // the mock FHIR server first, then the widgets: they load as soon as they upgrade
  await startFhir();
  await import('./widgets.js');
  const context = document.querySelector('jc-context')!;
  const list = document.querySelector<HTMLUListElement>('#patient-list')!;
  const heading = document.querySelector<HTMLElement>('#patient-heading')!;
  const log = document.querySelector<HTMLElement>('#event-log')!;
  const buttons = new Map<string, HTMLButtonElement>();

  entries.forEach(({ persona: p, detail }) => {
    const li = el('li');
    const button = el('button', 'patient');
    button.type = 'button';
    button.dataset['patientId'] = p.patientId;
    const nhs = p.nhsNumber ? formatNhsNumber(p.nhsNumber) : 'NHS No. not known';
    button.append(
      el('span', 'patient__name', formatName(p.patient.name)),
      el('span', 'patient__meta', `Born ${formatDate(p.patient.birthDate)} · ${nhs}`),
      el('span', 'patient__detail', detail),
    );
    button.addEventListener('click', () => select(p.patientId, true));
    li.append(button);
    list.append(li);
    buttons.set(p.patientId, button);
  });

  function select(id: string, focusMain: boolean): void {
    const persona = patients.find((p) => p.patientId === id) ?? patients[0];
    context.setAttribute('patient-id', persona.patientId);
    for (const [pid, b] of buttons) {
      if (pid === persona.patientId) b.setAttribute('aria-current', 'true');
      else b.removeAttribute('aria-current');
    }
    // the patient's name only: the fixture's label ("Type 2 diabetes, rising HbA1c") is not the host's to show
    heading.textContent = formatName(persona.patient.name);
    if (location.hash !== `#${persona.patientId}`) history.replaceState(null, '', `#${persona.patientId}`);
    if (focusMain) heading.focus();
  }

  // what the host does with widget events: ids only, never clinical content
  const logEvent = (e: Event) => {
    const detail = (e as CustomEvent<Record<string, unknown>>).detail ?? {};
    const ids = Object.entries(detail)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([k, v]) => `${k}=${String(v)}`)
      .join(', ');
    const item = el('li', undefined, `${new Date().toLocaleTimeString('en-GB')} ${e.type}${ids ? ` (${ids})` : ''}`);
    log.prepend(item);
    while (log.children.length > 8) log.lastElementChild?.remove();
  };
  // "Open" on a letter: the host fetches the document for the patient in context and shows it
  // the same for an Advice & Guidance attachment (the panels have open-attachments)
  for (const type of ['jc-document-open-request', 'jc-attachment-open-request']) {
    document.addEventListener(type, (e) => {
      const id = context.getAttribute('patient-id');
      if (id) void openLetter((e as CustomEvent<{ documentReferenceId: string }>).detail, id);
    });
  }
  for (const type of [
    'jc-safety-warning',
    'jc-document-open-request',
    'jc-item-selected',
    'jc-section-toggled',
    'jc-referral-selected',
    'jc-referral-action-request',
    'jc-advice-sent',
    'jc-advice-send-failed',
    'jc-advice-convert-request',
    'jc-attachment-open-request',
  ]) {
    document.addEventListener(type, logEvent);
  }

  select((location.hash.slice(1) || patients[0]?.patientId) ?? '', false);
  window.addEventListener('hashchange', () => select(location.hash.slice(1), false));
}

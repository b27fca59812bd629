// Mock GP clinical system: the consultation screen shows what the hospital knows.
import { startShell } from './shell.js';
import { GP_USER } from './data.js';
import './demo.css';

const reasons = ['Diabetes review', 'Breathlessness', 'Allergy plan', 'New registration', 'Medication query', 'Health check', 'Results'];
await startShell({
  detail: (_p, i) => `${String(8 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '30' : '10'} · ${reasons[i % reasons.length]}`,
});

// the advice panel writes as the logged-in GP, to the services this practice may ask
const advice = document.querySelector('jc-advice-panel');
if (advice) {
  Object.assign(advice, {
    sender: GP_USER,
    services: [
      { id: 'diabetes', label: 'Diabetes and Endocrinology Advice Service (Northbridge)' },
      { id: 'respiratory', label: 'Respiratory Medicine Advice Service (Northbridge)' },
      { id: 'paediatrics', label: 'Paediatric Allergy Advice Service (Eastmoor)' },
    ],
  });
}

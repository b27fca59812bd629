// Mock GP clinical system: the consultation screen shows what the hospital knows.
import { startShell } from './shell.js';
import { GP_LIST, GP_USER } from './data.js';
import './demo.css';

await startShell({ patients: GP_LIST });

// the advice panel writes as the logged-in GP, to the services this practice may ask
const advice = document.querySelector('jc-advice-panel');
if (advice) {
  Object.assign(advice, {
    sender: GP_USER,
    services: [
      { id: 'diabetes', label: 'Diabetes and Endocrinology Advice Service (Northbridge)' },
      { id: 'respiratory', label: 'Respiratory Medicine Advice Service (Eastmoor)' },
      { id: 'paediatrics', label: 'Paediatric Allergy Advice Service (Northbridge)' },
    ],
  });
}

// Mock hospital EPR: the clinic view shows what the GP knows, the referrals received and advice requests.
import { startShell } from './shell.js';
import { CONSULTANT_USER } from './data.js';
import './demo.css';

const clinics = ['New', 'Follow-up', 'New', 'Follow-up', 'Telephone', 'New', 'Follow-up'];
await startShell({
  detail: (_p, i) => `${String(9 + Math.floor(i / 2)).padStart(2, '0')}:${i % 2 ? '40' : '00'} · ${clinics[i % clinics.length]} · Clinic 4`,
});

const advice = document.querySelector('jc-advice-panel');
if (advice) Object.assign(advice, { sender: CONSULTANT_USER });

// Mock hospital EPR: the clinic view shows what the GP knows, the referrals received and advice requests.
import { startShell } from './shell.js';
import { CLINIC_LIST, CONSULTANT_USER } from './data.js';
import './demo.css';

await startShell({ patients: CLINIC_LIST });

const advice = document.querySelector('jc-advice-panel');
if (advice) Object.assign(advice, { sender: CONSULTANT_USER });

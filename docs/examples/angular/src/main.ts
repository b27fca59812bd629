// SOURCE ONLY (Angular is not installed here): bootstraps the standalone component.
import { bootstrapApplication } from '@angular/platform-browser';
import { PatientPanelComponent } from './patient-panel.component';

bootstrapApplication(PatientPanelComponent).catch((err: unknown) => console.error(err));

// Bootstraps the standalone component, without zone.js (zoneless change detection: signals).
import { provideZonelessChangeDetection } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';
import { PatientPanelComponent } from './patient-panel.component.js';

bootstrapApplication(PatientPanelComponent, { providers: [provideZonelessChangeDetection()] }).catch((err: unknown) =>
  console.error(err),
);

// Types for the joined-care tags in JSX (React 19 passes properties and `on<event>` listeners to
// custom elements natively, so no wrapper components are needed; see docs/examples/README.md).
// Properties come from the element classes, events from JcEventMap (every widget merges its own).
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { JcContext, JcEventMap } from '@joinedcare/core';
import type { JcPatientBanner } from '@joinedcare/patient-banner';

/** `onjc-safety-warning={(e) => …}` etc., typed from JcEventMap. */
type JcEventProps = { [K in keyof JcEventMap as `on${K}`]?: (event: CustomEvent<JcEventMap[K]>) => void };
/** An element's public properties (without HTMLElement's), its HTML attributes, and the jc- events. */
type ElementProps<E extends HTMLElement, Attributes = object> = DetailedHTMLProps<HTMLAttributes<E>, E> &
  Partial<Omit<E, keyof HTMLElement>> &
  JcEventProps &
  Attributes;
type Setting = { setting?: 'primary' | 'secondary' };

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'jc-context': ElementProps<JcContext, { 'fhir-base-url'?: string; 'patient-id'?: string; 'nhs-number'?: string } & Setting>;
      'jc-patient-banner': ElementProps<JcPatientBanner, { 'heading-level'?: number }>;
      // the other widgets: their attributes are listed in docs/<widget>.md
      'jc-care-summary': ElementProps<HTMLElement, Setting & { sections?: string }>;
      'jc-referral-status': ElementProps<HTMLElement, Setting & { filter?: 'active' | 'completed' | 'all' }>;
      'jc-advice-panel': ElementProps<HTMLElement, { 'can-reply'?: boolean }>;
    }
  }
}

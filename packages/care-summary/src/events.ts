// The events of <jc-care-summary>: their details (ids only, never clinical text), added to core's event map.
import type { SectionKey } from './sections.js';

declare module '@joinedcare/core' {
  interface JcEventMap {
    'jc-section-toggled': { section: SectionKey; expanded: boolean };
    'jc-item-selected': { resourceType: string; id: string };
    'jc-document-open-request': { documentReferenceId: string; attachmentUrl?: string };
  }
}

export {};

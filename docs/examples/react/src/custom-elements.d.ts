// JSX types for the joined-care tags. They are generated from each package's custom-elements.json
// (`@joinedcare/<package>/jsx`, by custom-element-jsx-integration): every documented attribute and
// property with the element class's own type, and an `on<event>` handler for every jc- event with
// its detail type. React 19 sets a prop that names a property as that property (objects stay objects)
// and attaches `on<event>` props as listeners, so no wrapper components are needed.
import type { CustomElements as ContextElements } from '@joinedcare/core/jsx';
import type { CustomElements as BannerElements } from '@joinedcare/patient-banner/jsx';
import type { CustomElements as CareSummaryElements } from '@joinedcare/care-summary/jsx';
import type { CustomElements as ReferralElements } from '@joinedcare/referral-status/jsx';
import type { CustomElements as AdviceElements } from '@joinedcare/advice-panel/jsx';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements extends ContextElements, BannerElements, CareSummaryElements, ReferralElements, AdviceElements {}
  }
}

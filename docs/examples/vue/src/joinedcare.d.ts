// The joined-care tags in Vue's GlobalComponents, generated from each package's custom-elements.json
// (`@joinedcare/<package>/vue`, by custom-element-vuejs-integration): attributes, properties and
// events, so vue-tsc checks the templates (strictTemplates in ../tsconfig.json).
import type {} from '@joinedcare/core/vue';
import type {} from '@joinedcare/patient-banner/vue';
import type {} from '@joinedcare/care-summary/vue';
import type {} from '@joinedcare/referral-status/vue';

// Registers the tag (placeholder until the element lands).
import '@joinedcare/core/define.js';

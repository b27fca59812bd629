// Registers the tags (placeholder until the elements land).
import '@joinedcare/core/define.js';

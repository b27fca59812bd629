// Registers every widget of every package (@joinedcare/elements imports each package's define.js;
// in the dev server it resolves to the packages' sources).
import '@joinedcare/elements';

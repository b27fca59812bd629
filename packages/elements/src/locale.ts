// The loader's `registerLocale` (dist/loader.js) imports this chunk when a page adds a language;
// elements.js exports the same functions itself.
export { registerLocale, registeredLocales } from '@joinedcare/core';

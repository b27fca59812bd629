// @joinedcare/specialist-finder: side-effect-free exports. Import './define.js' to register the tags.
export {};

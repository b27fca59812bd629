// @joinedcare/care-summary: side-effect-free exports. Import './define.js' to register the tag.
export {};

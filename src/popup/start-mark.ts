/**
 * Imported first by index.ts: ES imports run in order before the entry's own body, so a mark written in index.ts
 * would come after the i18n and messaging modules had loaded and hide their cost.
 */
performance.mark('popup-start');

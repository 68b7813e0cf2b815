/**
 * The dialog's styles, inside its shadow root. `:host` rules are `!important` on purpose: for important
 * declarations the shadow tree wins over the page, so even a page rule like `* { display: none !important }`
 * cannot hide or restyle the host; `all: initial` drops every inherited page property (fonts, colours, spacing).
 * Page selectors never match inside the shadow root, so page styles do not leak in, and ours do not leak out.
 */
export const DIALOG_STYLE = `
:host {
  all: initial !important;
  position: fixed !important;
  inset: 0 !important;
  z-index: 2147483647 !important;
  display: flex !important;
  align-items: center !important;
  justify-content: center !important;
  background: rgb(0 0 0 / 45%) !important;
}
.dialog {
  box-sizing: border-box;
  max-width: min(32rem, calc(100vw - 2rem));
  max-height: calc(100vh - 2rem);
  overflow: auto;
  padding: 1.5rem;
  border-radius: 8px;
  background: #fff;
  color: #15141a;
  font: 15px/1.5 system-ui, sans-serif;
  box-shadow: 0 8px 32px rgb(0 0 0 / 30%);
}
h2 { margin: 0 0 .75rem; font-size: 1.2rem; font-weight: 600; }
#brand { margin: 0 0 .25rem; font-size: .8rem; font-weight: 600; letter-spacing: .02em; color: #5b5b66; }
p { margin: 0 0 1.25rem; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; justify-content: flex-end; }
button {
  font: inherit;
  padding: .5rem 1rem;
  border: 1px solid #8f8f9d;
  border-radius: 4px;
  background: #f0f0f4;
  color: #15141a;
  cursor: pointer;
}
button.primary { background: #0061e0; border-color: #0061e0; color: #fff; }
button:disabled { opacity: .6; cursor: default; }
/* Keyboard users must see where they are: a thick outline that contrasts with both button styles. */
button:focus-visible { outline: 3px solid #0061e0; outline-offset: 2px; }
button.primary:focus-visible { outline-color: #15141a; }
@media (prefers-color-scheme: dark) {
  .dialog { background: #2b2a33; color: #fbfbfe; }
  #brand { color: #bfbfc9; }
  button { background: #52525e; color: #fbfbfe; border-color: #8f8f9d; }
  button.primary { background: #00ddff; border-color: #00ddff; color: #15141a; }
  button:focus-visible { outline-color: #00ddff; }
  button.primary:focus-visible { outline-color: #fbfbfe; }
}
`;

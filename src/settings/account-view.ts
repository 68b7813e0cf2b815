import { t } from '../shared/i18n';
import type { StateSnapshot } from '../shared/protocol';

/** Shows who is signed in and offers the one action that makes sense: sign in, or sign out. */
export function renderAccount(root: ParentNode, snapshot: StateSnapshot): void {
  const status = root.querySelector('#account-status');
  const signIn = root.querySelector<HTMLButtonElement>('#account-sign-in');
  const signOut = root.querySelector<HTMLButtonElement>('#account-sign-out');
  const signedIn = snapshot.email !== undefined && snapshot.state !== 'unauthenticated';
  if (status) {
    // An empty email is an account whose identity provider gives none: a neutral label, not "Signed in as ".
    status.textContent = signedIn
      ? snapshot.email === '' || snapshot.email === undefined
        ? t('settingsSignedIn')
        : t('settingsSignedInAs', snapshot.email)
      : t(snapshot.state === 'authenticating' ? 'settingsSigningIn' : 'settingsSignedOut');
  }
  if (signIn) {
    signIn.hidden = signedIn && snapshot.state !== 'authFailure';
    signIn.disabled = snapshot.state === 'authenticating';
  }
  if (signOut) signOut.hidden = !signedIn;
  const privateWarning = root.querySelector<HTMLElement>('#private-warning');
  if (privateWarning) privateWarning.hidden = snapshot.privateBrowsingAllowed !== false;
}

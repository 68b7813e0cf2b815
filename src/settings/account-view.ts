import { t } from '../shared/i18n';
import type { StateSnapshot } from '../shared/protocol';

/**
 * The avatar's letter: the email's first character, as Firefox's account menu shows it. None without an email
 * (signed out, or an identity provider that gives none): the avatar then shows its generic silhouette.
 */
export function avatarInitial(email: string | undefined): string {
  if (email === undefined) return '';
  // The first grapheme, so an accented letter or an emoji stays whole.
  const [first] = new Intl.Segmenter().segment(email.trim());
  return first === undefined ? '' : first.segment.toLocaleUpperCase();
}

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
  const avatar = root.querySelector<HTMLElement>('#account-avatar');
  if (avatar) {
    const initial = signedIn ? avatarInitial(snapshot.email) : '';
    const letter = avatar.querySelector('.avatar-initial');
    if (letter) letter.textContent = initial;
    avatar.dataset.initial = String(initial !== '');
  }
  if (signIn) {
    signIn.hidden = signedIn && snapshot.state !== 'authFailure';
    signIn.disabled = snapshot.state === 'authenticating';
  }
  if (signOut) signOut.hidden = !signedIn;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] ?? char);
}

const STYLE = `
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f9f9fb; color: #15141a; }
  main { max-width: 26rem; margin: 4rem auto; padding: 2rem; background: #fff; border-radius: 8px; }
  label { display: block; font-weight: 600; }
  input { width: 100%; box-sizing: border-box; padding: .5rem; margin: .25rem 0 1rem; font: inherit; }
  button { font: inherit; padding: .5rem 1.25rem; margin-right: .5rem; border-radius: 4px; border: 1px solid #8f8f9d; }
  #sign-in { background: #0061e0; color: #fff; border-color: #0061e0; }
  button:focus-visible { outline: 3px solid #0061e0; outline-offset: 2px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Firefox Accounts stand-in</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

export interface SignInPageModel {
  pendingId: string;
  email: string;
  scope: string;
}

export function signInPage(model: SignInPageModel): string {
  return page(
    'Sign in',
    `<h1>Sign in</h1>
<p>Continue to Secure Proxy. This is a local development stand-in for Firefox Accounts; no password is needed.</p>
<form method="post" action="/authorization/approve">
<input type="hidden" name="request" value="${escapeHtml(model.pendingId)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" value="${escapeHtml(model.email)}" readonly autocomplete="username">
<p id="scope">Requested access: <code>${escapeHtml(model.scope)}</code></p>
<button id="sign-in" type="submit" name="action" value="approve">Sign in</button>
<button id="cancel" type="submit" name="action" value="cancel">Cancel</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page(
    'Error',
    `<h1>Bad authorization request</h1>
<p role="alert">${escapeHtml(message)}</p>`,
  );
}

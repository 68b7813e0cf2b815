/**
 * Plays the user in oidc-provider's development login and consent pages (devInteractions) with plain HTTP, for
 * tests that run without a browser: follows the authorization request, fills in each form, and returns the URL the
 * provider finally redirects to.
 */
const MAX_STEPS = 20;

/** The form's action and its prompt (login or consent), from oidc-provider's development pages. */
function formOf(html: string, base: string): { action: string; prompt: string } | undefined {
  const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
  const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
  if (action === undefined || prompt === undefined) return undefined;
  return { action: new URL(action.replace(/&amp;/g, '&'), base).href, prompt };
}

export async function signInThroughForms(
  authorizationUrl: string,
  redirectUri: string,
  login: string,
): Promise<string> {
  const cookies = new Map<string, string>();
  const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  let request: { url: string; body?: URLSearchParams } = { url: authorizationUrl };
  for (let step = 0; step < MAX_STEPS; step += 1) {
    const response = await fetch(request.url, {
      method: request.body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: { cookie: cookieHeader() },
      ...(request.body ? { body: request.body } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const separator = pair.indexOf('=');
      if (separator > 0) cookies.set(pair.slice(0, separator), pair.slice(separator + 1));
    }
    const location = response.headers.get('location');
    if (location !== null) {
      const next = new URL(location, request.url).href;
      if (next.startsWith(redirectUri)) return next;
      request = { url: next };
      continue;
    }
    const form = formOf(await response.text(), request.url);
    if (!form) throw new Error(`no form and no redirect at ${request.url} (${response.status})`);
    const body = new URLSearchParams({ prompt: form.prompt });
    if (form.prompt === 'login') {
      body.set('login', login);
      body.set('password', 'any password: the development pages take any');
    }
    request = { url: form.action, body };
  }
  throw new Error(`no redirect to ${redirectUri} after ${MAX_STEPS} steps`);
}
